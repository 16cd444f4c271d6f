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

/** The id of the k-th paragraph (1-based) of a question's answer: `q6.2`. Numbered within its question. */
export function paragraphId(questionIdOfAnswer: string, paragraphNumber: number): string {
  return `${questionIdOfAnswer}.${paragraphNumber}`;
}

/** The question id a paragraph id belongs to (`q6.2` → `q6`), or undefined when it is not a paragraph id. */
export function questionOfParagraph(id: string): { questionId: string; paragraph: number } | undefined {
  const match = /^(.+)\.([1-9]\d*)$/.exec(id);
  return match ? { questionId: match[1]!, paragraph: Number(match[2]) } : undefined;
}
