// Stable ids: section slugs from titles (github-slugger, unique per document) and numbered question ids.
import GithubSlugger from 'github-slugger';

/**
 * Returns a function that slugs section titles, unique within one document:
 * a repeated slug gets `-1`, `-2`, … as on GitHub. A title with no sluggable
 * character gets `section-<n>`.
 */
export function sectionSlugger(): (title: string, sectionNumber: number) => string {
  const slugger = new GithubSlugger();
  return (title, sectionNumber) => {
    const slug = slugger.slug(title);
    return slug === '' || /^-+$/.test(slug) ? slugger.slug(`section-${sectionNumber}`) : slug;
  };
}

/** The id of the n-th question of the interview (1-based): `q1`, `q2`, … Independent of any wording. */
export function questionId(questionNumber: number): string {
  return `q${questionNumber}`;
}
