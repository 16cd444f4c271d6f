// Shortening text for contents entries, titles and cards: cut at a word boundary, with an ellipsis. Pure.

/** The first `words` words, with an ellipsis when cut. */
export function excerpt(text: string, words: number): string {
  const all = text.split(/\s+/).filter(Boolean);
  return all.length <= words ? all.join(' ') : `${all.slice(0, words).join(' ')}…`;
}

/** The first `max` characters of `text`, cut at a word boundary, with an ellipsis when cut. */
export function excerptChars(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2))}…`;
}

/** Short words an excerpt must not end on: "…due to sanctions in the…" reads as cut mid-phrase. */
const DANGLING = new Set(
  'a an the and or but of in on at to by for from with as into than that which who whom whose is are was were be been has have had do does did its their our your his her this these those there about after before between over under amid so if not no'.split(
    ' ',
  ),
);

/**
 * The text cut to at most `max` characters at a word boundary, with an ellipsis when cut; a cut never ends on a
 * short function word or on punctuation, and ends at a sentence end when one falls in the second half.
 */
export function excerptAtWord(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const sentenceEnd = clean.slice(0, max).search(/[.?!](?=\s)[^.?!]*$/);
  if (sentenceEnd >= max / 2) return clean.slice(0, sentenceEnd + 1);
  const words = clean.slice(0, max).split(' ');
  words.pop(); // the last piece may be a cut word
  while (
    words.length > 3 &&
    DANGLING.has(
      words
        .at(-1)!
        .toLowerCase()
        .replace(/[^\p{L}]/gu, ''),
    )
  )
    words.pop();
  return `${words.join(' ').replace(/[\s\p{P}]+$/u, '')}…`;
}
