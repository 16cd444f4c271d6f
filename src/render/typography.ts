// The source's punctuation set typographically, on display only: curly quotes and apostrophes, a spaced hyphen as a dash. Pure.
import { smartypantsu } from 'smartypants';

/** A hyphen with a space on each side: the machine translation's dash ("political views - simply"). */
const SPACED_HYPHEN = /(?<=\s)-(?=\s)/g;
/** The dash the site's own words use (" — "), set where the source has a spaced hyphen. */
const DASH = '\u2014';

/**
 * Safe inline HTML with its text set typographically: straight quotes and apostrophes become curly ones
 * (SmartyPants, quotes only: "Seoul's" → Seoul’s, "Toburo" → “Toburo”), and a hyphen with a space on each side
 * becomes an em dash. Tags and their attributes are left alone; hyphenated words ("Russian-South Korean") and a
 * minus ("(-24%)") stay as they are. Each change replaces one character with one, so the text keeps its length.
 *
 * Only for what a reader sees: the content file, the search index and the nothing-lost proof keep the source's
 * characters, and notes are marked in the HTML before it is typeset (src/render/notes.ts finds their words as the
 * source writes them).
 */
export function typesetHtml(html: string): string {
  // SmartyPants reads backslash escapes (`\"`) and writes them as entities; rendered HTML has none left to read.
  return smartypantsu(html, 'q')
    .replace(/>[^<]*/g, (text) => text.replace(SPACED_HYPHEN, DASH))
    .replace(/^[^<]*/, (text) => text.replace(SPACED_HYPHEN, DASH));
}

/** The speaker's words set as a quotation, in the typographic double quotes the site's own words use. */
export const quotation = (words: string): string => `\u201c${words}\u201d`;

const TEXT_ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };

/** Plain text set the same way as {@link typesetHtml}: for titles, contents entries and other attribute-safe text. */
export function typesetText(text: string): string {
  const html = text.replace(/[&<>]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[char]!);
  return typesetHtml(html).replace(/&(?:amp|lt|gt);/g, (entity) => TEXT_ENTITIES[entity]!);
}

/**
 * Text with every typographic quote, apostrophe and dash folded to the straight character the source writes (“ ” →
 * ", ‘ ’ → ', – — → -): to compare what a page shows with the source's words, character for character.
 */
export const foldPunctuation = (text: string): string =>
  text
    .replace(/[\u201c\u201d\u201e\u201f]/g, '"')
    .replace(/[\u2018\u2019\u201a\u201b]/g, "'")
    .replace(/[\u2013\u2014]/g, '-');
