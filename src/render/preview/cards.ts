// What each page's preview image says: the rendered interview → one PreviewCard per page (home, /full, sections, questions), from its plain text. Pure.
import { createHash } from 'node:crypto';
import type { PreviewCard } from './layout.js';
import type { RenderedInterview, RenderedQuestion, RenderedSection } from '../rendered.js';
import { languageName } from '../text.js';
import { typesetText } from '../typography.js';

/** The parts every card of an interview shares: the footer and who speaks. */
function common(rendered: RenderedInterview): Pick<PreviewCard, 'outlet' | 'interviewee' | 'note'> {
  const { meta } = rendered.source;
  return {
    outlet: meta.outlet,
    interviewee: meta.interviewee.name,
    note: meta.translation ? `Machine translation from ${languageName(meta.translation.from)}` : '',
  };
}

/** The interviewee as the speaker of a quote: "Name, Role". */
const interviewee = (rendered: RenderedInterview): string =>
  [rendered.source.meta.interviewee.name, rendered.source.meta.interviewee.role]
    .filter((part) => part !== '')
    .join(', ');

/** Headlines and section titles are the interviewee's words: shown as a quotation, attributed under it. */
const quoted = (text: string): string => `“${typesetText(text)}”`;

const count = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

const questionsOf = (rendered: RenderedInterview): number =>
  rendered.sections.reduce((sum, section) => sum + section.questions.length, 0);

/** The home page: the headline. */
export function homeCard(rendered: RenderedInterview): PreviewCard {
  return {
    kicker: 'Interview',
    title: quoted(rendered.headline.text),
    speaker: interviewee(rendered),
    ...common(rendered),
  };
}

/** The full text on one page: the headline, with how much there is. */
export function fullCard(rendered: RenderedInterview): PreviewCard {
  return {
    kicker: `Full interview · ${count(rendered.sections.length, 'section')}, ${count(questionsOf(rendered), 'question')}`,
    title: quoted(rendered.headline.text),
    speaker: interviewee(rendered),
    ...common(rendered),
  };
}

/** A section's page: its title. */
export function sectionCard(rendered: RenderedInterview, section: RenderedSection): PreviewCard {
  return {
    kicker: `Section ${section.source.number} of ${rendered.sections.length}`,
    title: quoted(section.title.text),
    speaker: interviewee(rendered),
    ...common(rendered),
  };
}

/**
 * A question's page: the question, asked by the interviewer. Who asks is said in the kicker rather than on a line of
 * its own, which leaves the question a seventh line: most questions then fit whole.
 */
export function questionCard(rendered: RenderedInterview, question: RenderedQuestion): PreviewCard {
  return {
    kicker: `Question ${question.source.number} of ${questionsOf(rendered)} · ${rendered.source.meta.interviewer} asks`,
    title: typesetText(question.question.text),
    ...common(rendered),
  };
}

/** Every page's card, keyed by what the page is, in page order: home, full, sections, questions. */
export function previewCards(rendered: RenderedInterview): { readonly page: string; readonly card: PreviewCard }[] {
  return [
    { page: 'home', card: homeCard(rendered) },
    { page: 'full', card: fullCard(rendered) },
    ...rendered.sections.map((section) => ({
      page: `section:${section.source.slug}`,
      card: sectionCard(rendered, section),
    })),
    ...rendered.sections.flatMap((section) =>
      section.questions.map((question) => ({
        page: `question:${question.source.id}`,
        card: questionCard(rendered, question),
      })),
    ),
  ];
}

/** Images rendered at build for a large interview, at most: about 5–7 s of CPU and 5 MB of PNG (see docs/performance.md). */
export const PREVIEW_IMAGE_LIMIT = 64;

/** Which image each page shows, and the distinct images to render. */
export interface PreviewImagePlan {
  /** The images to render, each once, in page order; `key` is the card's hash (hex), fit for a file name or a cache. */
  readonly images: readonly { readonly key: string; readonly card: PreviewCard }[];
  /** Every page (as `previewCards` names them) and the key of the image it shows. */
  readonly pages: readonly { readonly page: string; readonly key: string }[];
}

/** A card's hash: the same card always gives the same key, whatever the page or interview it comes from. */
export const previewCardKey = (card: PreviewCard): string =>
  createHash('sha256')
    .update(JSON.stringify([card.kicker, card.title, card.speaker ?? null, card.outlet, card.interviewee, card.note]))
    .digest('hex')
    .slice(0, 20);

/**
 * Every page gets its own image while there are at most `limit` of them (the real interview has 15). Beyond, pages
 * are given images in order (home, full, sections, then questions) until `limit` is reached; a question past it
 * shows its section's image, and a section past it (or its questions) the home page's.
 */
export function planPreviewImages(rendered: RenderedInterview, limit: number = PREVIEW_IMAGE_LIMIT): PreviewImagePlan {
  const cards = previewCards(rendered);
  const own = new Map<string, string>(); // page → key of its own image, for the pages that get one
  const images: { key: string; card: PreviewCard }[] = [];
  for (const { page, card } of cards) {
    if (images.length >= Math.max(1, limit)) break;
    const key = previewCardKey(card);
    own.set(page, key);
    if (!images.some((image) => image.key === key)) images.push({ key, card });
  }
  const home = own.get('home')!;
  const sectionOf = new Map<string, string>();
  for (const { source: section } of rendered.sections)
    for (const question of section.questions) sectionOf.set(`question:${question.id}`, `section:${section.slug}`);
  const pages = cards.map(({ page }) => {
    const section = sectionOf.get(page);
    return { page, key: own.get(page) ?? (section ? own.get(section) : undefined) ?? home };
  });
  return { images, pages };
}
