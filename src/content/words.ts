// Words of plain text: counting them, and the one way text is shortened (cut after a whole word, with an ellipsis). Pure.

/** How many words `text` has: runs of characters between white space. */
export const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length;

/** Where `cutAtWord` stops. Every limit given must hold; none given means no cut. */
export interface CutLimit {
  /** At most this many characters (UTF-16 code units), the ellipsis included. */
  readonly chars?: number;
  /** At most this many words. */
  readonly words?: number;
  /** Whether a candidate (the ellipsis included) fits: for a limit that is not a count, such as a measured width. */
  readonly fits?: (candidate: string) => boolean;
}

const ELLIPSIS = '…';

/** Short words a cut text must not end on: "…due to sanctions in the…" reads as cut mid-phrase. */
const DANGLING = new Set(
  'a an the and or but of in on at to by for from with as into than that which who whom whose is are was were be been has have had do does did its their our your his her this these those there about after before between over under amid so if not no'.split(
    ' ',
  ),
);

/** What a cut text may not end on before its ellipsis: white space, commas, colons, full stops, dashes. */
const TRAILING = /[\s,;:.\u2013\u2014-]+$/u;

/** A cut text's ending: separators give way to the ellipsis; after a question or exclamation mark it follows a space. */
const withEllipsis = (kept: string): string => {
  const trimmed = kept.replace(TRAILING, '');
  return /[?!]$/u.test(trimmed) ? `${trimmed} ${ELLIPSIS}` : `${trimmed}${ELLIPSIS}`;
};

const endsOnDangling = (word: string): boolean => DANGLING.has(word.toLowerCase().replace(/[^\p{L}]/gu, ''));

/**
 * `text` shortened to `limit`: with its white space collapsed, whole when it is within every limit; else the most
 * whole words from its start that fit with an ellipsis after them ("Are there any cases of…"). A cut never ends on a
 * short function word ("of", "the") or on a comma, colon, full stop or dash; after "?" or "!" the ellipsis follows a
 * space. Only a first word that alone is over the limit is cut inside, at a character, since it has no boundary to
 * cut at. Empty text gives ''.
 */
export function cutAtWord(text: string, limit: CutLimit): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  const fits = (candidate: string): boolean =>
    (limit.chars === undefined || candidate.length <= limit.chars) && (limit.fits?.(candidate) ?? true);
  const words = clean.split(' ');
  const maxWords = limit.words ?? Infinity;
  if (words.length <= maxWords && fits(clean)) return clean;
  let count = 0;
  let kept = '';
  while (count < Math.min(maxWords, words.length - 1)) {
    const next = count === 0 ? words[0]! : `${kept} ${words[count]}`;
    if (!fits(withEllipsis(next))) break;
    kept = next;
    count++;
  }
  while (count > 1 && endsOnDangling(words[count - 1]!)) count--;
  if (count > 0) return withEllipsis(words.slice(0, count).join(' '));
  // Not even the first word fits: cut it at the last character that does.
  const chars = [...words[0]!];
  while (chars.length > 0 && !fits(withEllipsis(chars.join('')))) chars.pop();
  return chars.length > 0 ? withEllipsis(chars.join('')) : ELLIPSIS;
}
