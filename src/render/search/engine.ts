// Queries on the search index: caps, all-words-then-any matching, escape-then-mark snippets, and unique text fragments. Pure.
import type MiniSearch from 'minisearch';
import { escapeHtml } from '../text.js';
import { normalizeQuery, SEPARATOR_CAPTURE, words } from './query.js';

/** Most hits listed. The interview has few questions; a bigger one still gets a readable page. */
export const MAX_HITS = 30;
/** Words of answer shown around the first match. */
const SNIPPET_WORDS = 36;

/** One question that matches, ready for the template: every HTML field is escaped, then marked. */
export interface SearchHit {
  readonly questionId: string;
  readonly questionNumber: number;
  readonly sectionNumber: number;
  readonly sectionSlug: string;
  readonly sectionTitle: string;
  /** The question's text, escaped, with the matched words in `<mark>`. */
  readonly questionHtml: string;
  /** A short stretch of the answer around the first match, escaped, matched words in `<mark>`. */
  readonly snippetHtml: string;
  /** The words that matched, as they are written in the text. */
  readonly matchedWords: readonly string[];
  /**
   * A run of words from this question, starting at its first match (the exact phrase when there is one),
   * long enough to occur only once on the section page, for the text fragment; '' when none is.
   */
  readonly fragmentText: string;
  /** True when the query's words occur in this question or answer in the query's order, side by side. */
  readonly exactPhrase: boolean;
  /** The editorial notes of this question that hold a matched word. */
  readonly notes: readonly SearchNoteHit[];
}

/** What a query found. An empty or unusable query gives no terms and no hits. */
export interface SearchResults {
  /** The query as searched (normalizeQuery): control characters dropped, white space collapsed, cut to what was searched. */
  readonly query: string;
  /** True when the query was cut (characters or words). */
  readonly truncated: boolean;
  /** Which cap cut it, or null. */
  readonly cutBy: 'characters' | 'words' | null;
  /** The distinct words searched for, lower-cased. */
  readonly terms: readonly string[];
  /** 'all' when every hit contains every word; 'any' when none did and the search fell back to any word. */
  readonly mode: 'all' | 'any';
  readonly hits: readonly SearchHit[];
  /** How many questions matched before the MAX_HITS cut. */
  readonly total: number;
}

/** A search index over one interview. Immutable once built. */
export interface SearchIndex {
  search(query: string): SearchResults;
}

/** One question as the index keeps it, beside minisearch's copy: the text for snippets, phrases and fragments. */
export interface SearchDocument {
  readonly id: string;
  readonly number: number;
  readonly sectionNumber: number;
  readonly sectionSlug: string;
  /** The section's title, plain text. */
  readonly section: string;
  /** Plain text: the question, then each answer paragraph. */
  readonly paragraphs: readonly string[];
  /** The editorial notes on this question (and, for a section's first question, on its title; for the first, the lede's). */
  readonly notes?: readonly SearchNote[];
}

/** An editorial note as search keeps it: searchable, and shown as the editor's, linked to the words it is about. */
export interface SearchNote {
  readonly number: number;
  /** "Translation slip", "Context" or "Word choice". */
  readonly kindLabel: string;
  /** The note's plain text. */
  readonly text: string;
  /** The words it is about. */
  readonly quote: string;
  /** Root-relative link to the marked words: `/sections/<slug>#noteref-<id>`. */
  readonly url: string;
}

/** A note that matched, ready for the template. */
export interface SearchNoteHit {
  readonly number: number;
  readonly kindLabel: string;
  /** The words it is about. */
  readonly quote: string;
  /** About SNIPPET_WORDS words of the note around its first match, escaped, matched words in `<mark>`. */
  readonly snippetHtml: string;
  readonly url: string;
}

/** A SearchDocument with what queries read, worked out once when the index is opened. */
interface StoredDocument extends SearchDocument {
  readonly question: string;
  readonly answer: string;
  /** What the section page says, lower-cased: a fragment must occur once in all of it. Shared by the section's documents. */
  readonly pageText: string;
  /** The words of question and answer, lower-cased, single-spaced, with a space at each end. */
  readonly phraseText: string;
}

/**
 * The queries over a minisearch index of `data.documents` (search-index.ts builds and loads it).
 * `preamble`: what a section page says before its questions, for the fragments' uniqueness.
 */
export function openSearch(
  index: MiniSearch,
  data: { readonly documents: readonly SearchDocument[]; readonly preamble: string },
): SearchIndex {
  const bySection = new Map<number, SearchDocument[]>();
  for (const doc of data.documents)
    bySection.set(doc.sectionNumber, [...(bySection.get(doc.sectionNumber) ?? []), doc]);
  const documents = new Map<string, StoredDocument>();
  for (const section of bySection.values()) {
    const pageText = [data.preamble, section[0]!.section, ...section.flatMap((doc) => doc.paragraphs)]
      .join('\n')
      .toLowerCase();
    for (const doc of section) {
      const question = doc.paragraphs[0]!;
      const answer = doc.paragraphs.slice(1).join('\n');
      documents.set(doc.id, {
        ...doc,
        question,
        answer,
        pageText,
        phraseText: ` ${words(`${question} ${answer}`).join(' ').toLowerCase()} `,
      });
    }
  }

  return {
    search(raw: string): SearchResults {
      const { query, terms, truncated, cutBy } = normalizeQuery(raw);
      if (terms.length === 0) return { query, truncated, cutBy, terms, mode: 'all', hits: [], total: 0 };
      const text = terms.join(' ');
      let mode: 'all' | 'any' = 'all';
      let found = index.search(text, { combineWith: 'AND' });
      if (found.length === 0 && terms.length > 1) {
        mode = 'any';
        found = index.search(text, { combineWith: 'OR' });
      }
      const phrase = ` ${terms.join(' ')} `;
      const ranked = found
        .map((result) => {
          const doc = documents.get(String(result.id))!;
          return { result, doc, exactPhrase: terms.length > 1 && doc.phraseText.includes(phrase) };
        })
        // The exact phrase first, then minisearch's BM25 score; the question number breaks ties so the order is stable.
        .sort(
          (a, b) =>
            Number(b.exactPhrase) - Number(a.exactPhrase) ||
            b.result.score - a.result.score ||
            a.doc.number - b.doc.number,
        );
      const hits = ranked.slice(0, MAX_HITS).map(({ result, doc, exactPhrase }): SearchHit => {
        const matched = new Set(result.terms.map((term) => term.toLowerCase()));
        const phraseTerms = exactPhrase ? terms : null;
        const snippet = markSnippet(doc.answer, matched, phraseTerms);
        return {
          questionId: doc.id,
          questionNumber: doc.number,
          sectionNumber: doc.sectionNumber,
          sectionSlug: doc.sectionSlug,
          sectionTitle: doc.section,
          questionHtml: mark(doc.question, matched).html,
          snippetHtml: snippet.html,
          matchedWords: [...new Set([...mark(doc.question, matched).words, ...snippet.words])],
          exactPhrase,
          fragmentText: fragmentText(doc, matched, phraseTerms),
          notes: (doc.notes ?? [])
            .filter((note) => words(note.text).some((word) => matched.has(word.toLowerCase())))
            .map((note) => ({
              number: note.number,
              kindLabel: note.kindLabel,
              quote: note.quote,
              url: note.url,
              snippetHtml: markSnippet(note.text, matched, null).html,
            })),
        };
      });
      return { query, truncated, cutBy, terms, mode, hits, total: found.length };
    },
  };
}

/**
 * Escapes `text` and wraps each word in `matched` (lower-cased) in `<mark>`. The text is split into
 * words and separators first and each piece escaped on its own, so a mark can only ever surround
 * a whole escaped word: nothing from the text or the query becomes markup.
 */
export function mark(text: string, matched: ReadonlySet<string>): { html: string; words: string[] } {
  const found: string[] = [];
  const html = text
    .split(SEPARATOR_CAPTURE)
    .map((piece, index) => {
      // split() with a capture group alternates: even indexes are words, odd ones separators.
      if (index % 2 === 1 || !matched.has(piece.toLowerCase())) return escapeHtml(piece);
      found.push(piece);
      return `<mark>${escapeHtml(piece)}</mark>`;
    })
    .join('');
  return { html, words: found };
}

/**
 * Index of the first space-separated word of `pieces` where the match starts: the exact phrase
 * (`phraseTerms`, in order) when given and present, else the first word holding a matched term; -1 if none.
 */
function firstMatch(
  pieces: readonly string[],
  matched: ReadonlySet<string>,
  phraseTerms: readonly string[] | null,
): number {
  if (phraseTerms) {
    const start = pieces.findIndex((_, i) => isPhraseAt(pieces, i, phraseTerms));
    if (start !== -1) return start;
  }
  return pieces.findIndex((piece) => words(piece).some((word) => matched.has(word.toLowerCase())));
}

const isPhraseAt = (pieces: readonly string[], start: number, phraseTerms: readonly string[]): boolean =>
  words(pieces.slice(start, start + phraseTerms.length).join(' '))
    .join(' ')
    .toLowerCase()
    .startsWith(phraseTerms.join(' '));

/**
 * How much of an answer a snippet or a text fragment looks through for its first match: an answer may run to 5,000
 * paragraphs of 20,000 characters (src/content/limits.ts), and a search must not read all of it for every hit. A match
 * further in gets the answer's opening as its snippet, and a link to the question without a fragment.
 */
export const SNIPPET_SCAN_CHARACTERS = 4_000;

/** About SNIPPET_WORDS words of `text` around its first match in its first SNIPPET_SCAN_CHARACTERS, with ellipses where cut. */
function markSnippet(
  text: string,
  matched: ReadonlySet<string>,
  phraseTerms: readonly string[] | null,
): { html: string; words: string[] } {
  const cut = text.length > SNIPPET_SCAN_CHARACTERS;
  const pieces = text.slice(0, SNIPPET_SCAN_CHARACTERS).replace(/\s+/g, ' ').split(' ');
  // The last piece of a cut text may be half a word: it is not shown.
  if (cut) pieces.pop();
  const first = firstMatch(pieces, matched, phraseTerms);
  const start = Math.max(0, (first === -1 ? 0 : first) - Math.floor(SNIPPET_WORDS / 4));
  const end = Math.min(pieces.length, start + SNIPPET_WORDS);
  const marked = mark(pieces.slice(start, end).join(' '), matched);
  return {
    html: `${start > 0 ? '… ' : ''}${marked.html}${end < pieces.length || cut ? ' …' : ''}`,
    words: marked.words,
  };
}

/** Longest run of words tried for a fragment: past that, a link to the anchor alone is better. */
const MAX_FRAGMENT_WORDS = 10;

/**
 * The shortest run of words from the question, starting at a match, that occurs once on its section
 * page: a text fragment highlights the first occurrence on the page, which must be this question's.
 * The exact phrase is tried first, then the first matched word of each paragraph in turn.
 * Trimmed of punctuation at both ends. '' when no run is unique.
 */
function fragmentText(
  doc: StoredDocument,
  matched: ReadonlySet<string>,
  phraseTerms: readonly string[] | null,
): string {
  // The paragraphs that start within the first SNIPPET_SCAN_CHARACTERS, and only that much of each.
  let seen = 0;
  const scanned = doc.paragraphs.filter(
    (paragraph) => (seen += paragraph.length) - paragraph.length < SNIPPET_SCAN_CHARACTERS,
  );
  const starts = (usePhrase: boolean) =>
    scanned.map((paragraph) => {
      const pieces = paragraph.slice(0, SNIPPET_SCAN_CHARACTERS).replace(/\s+/g, ' ').trim().split(' ');
      return { pieces, start: firstMatch(pieces, matched, usePhrase ? phraseTerms : null) };
    });
  const phraseStarts = phraseTerms
    ? starts(true).filter(({ pieces, start }) => start !== -1 && isPhraseAt(pieces, start, phraseTerms))
    : [];
  for (const { pieces, start } of [...phraseStarts, ...starts(false)]) {
    if (start === -1) continue;
    for (let length = 1; length <= MAX_FRAGMENT_WORDS && start + length <= pieces.length; length += 1) {
      const run = pieces
        .slice(start, start + length)
        .join(' ')
        .replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '');
      const lower = run.toLowerCase();
      if (run !== '' && doc.pageText.indexOf(lower) === doc.pageText.lastIndexOf(lower)) return run;
    }
  }
  return '';
}

/**
 * A text fragment directive (`:~:text=…`) that makes the browser highlight and scroll to the words,
 * to append after a `#id` fragment. Only in the link: nothing reaches the server or a shared page URL.
 * Percent-encodes `-`, `&` and `,` as the directive's syntax requires. Empty list: ''.
 */
export function textFragment(matchedWords: readonly string[], limit = 3): string {
  const seen = new Set<string>();
  const distinct = matchedWords
    .filter((word) => !seen.has(word.toLowerCase()) && seen.add(word.toLowerCase()))
    .slice(0, limit);
  if (distinct.length === 0) return '';
  const encode = (word: string): string => encodeURIComponent(word).replace(/-/g, '%2D');
  return `:~:${distinct.map((word) => `text=${encode(word)}`).join('&')}`;
}
