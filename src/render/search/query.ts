// The query as searched: control and bidi characters dropped, white space collapsed, cut between words at its caps. Pure.

/** Longest query looked at, in characters; the rest is ignored (and the page says so). */
export const MAX_QUERY_CHARS = 200;
/** Most distinct words looked at; more words only slow the fuzzy matching down. */
export const MAX_QUERY_TERMS = 12;

// The same word boundaries as minisearch's default tokenizer: white space and punctuation.
export const SEPARATOR = /[\n\r\p{Z}\p{P}]+/u;
export const SEPARATOR_CAPTURE = /([\n\r\p{Z}\p{P}]+)/u;

/** The words of `text`, split as minisearch splits them. */
export const words = (text: string): string[] => text.split(SEPARATOR).filter(Boolean);

/**
 * C0 and C1 control characters (less the white space among them, which becomes a space) and the bidi controls
 * (marks, embeddings, overrides, isolates). None is part of a word; echoed, a NUL makes the HTML invalid and an
 * unbalanced U+202E reverses the rest of the title it lands in.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const INVISIBLE_CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The query as searched: what the page echoes, and the distinct words searched for. */
export interface NormalizedQuery {
  /** Control characters dropped, white space collapsed, trimmed, then cut to the words actually searched. */
  readonly query: string;
  /** The distinct words of `query`, lower-cased: at most MAX_QUERY_TERMS. */
  readonly terms: string[];
  /** True when the query was cut. */
  readonly truncated: boolean;
  /** Which cap cut it: MAX_QUERY_CHARS ('characters') or MAX_QUERY_TERMS distinct words ('words'); null when none did. */
  readonly cutBy: 'characters' | 'words' | null;
}

/**
 * Cleans the query and caps its length and distinct words, so that `query` is exactly what was searched: a cut
 * falls between words (a word is never halved, unless it alone is longer than the cap), and past the last
 * distinct word searched nothing is kept. Never throws.
 */
export function normalizeQuery(raw: string): NormalizedQuery {
  const collapsed = raw.replace(INVISIBLE_CONTROLS, '').replace(/\s+/g, ' ').trim();
  // Cut by code points, so a cut never splits a surrogate pair.
  const characters = Array.from(collapsed);
  let query = collapsed;
  let cutBy: NormalizedQuery['cutBy'] = null;
  if (characters.length > MAX_QUERY_CHARS) {
    cutBy = 'characters';
    const cut = characters.slice(0, MAX_QUERY_CHARS).join('');
    // Mid-word (the next character is a letter of the same word): drop the half word, if a whole one is left.
    const wholeWords = SEPARATOR.test(characters[MAX_QUERY_CHARS]!) ? cut : cut.replace(/[^\n\r\p{Z}\p{P}]+$/u, '');
    query = (words(wholeWords).length > 0 ? wholeWords : cut).trim();
  }
  // Past MAX_QUERY_TERMS distinct words: cut before the first word that would be one too many.
  const seen = new Set<string>();
  let offset = 0;
  for (const [index, piece] of query.split(SEPARATOR_CAPTURE).entries()) {
    if (index % 2 === 0 && piece !== '' && !seen.has(piece.toLowerCase())) {
      if (seen.size === MAX_QUERY_TERMS) {
        query = query.slice(0, offset).replace(/[\n\r\p{Z}\p{P}]+$/u, '');
        cutBy = 'words';
        break;
      }
      seen.add(piece.toLowerCase());
    }
    offset += piece.length;
  }
  return { query, terms: [...seen], truncated: cutBy !== null, cutBy };
}
