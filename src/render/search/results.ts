// A query's results as HTML: the heading, the notes, the count and the hits. The server's search page and the static copy's search in the browser both render them here. Pure.
import { questionPath, sectionPath } from '../paths.js';
import { shareLink } from '../share.js';
import { escapeHtml } from '../text.js';
import { textFragment, type SearchIndex, type SearchResults } from './engine.js';
import { MAX_QUERY_CHARS } from './query.js';

/** What the search page shows for one query, beside the parts every page has. */
export interface RenderedResults {
  /** The query as searched (SearchResults.query), for the search box. */
  readonly query: string;
  /** The page's title: it names the query. */
  readonly title: string;
  /** The h1's content: the query, escaped and isolated in `<bdi>`; or the prompt when there is none. */
  readonly headingHtml: string;
  /** Everything under the search box: the note on a cut query, then the prompt, "no match", or the count and the hits. */
  readonly bodyHtml: string;
}

/** What the results need to know of the site: the headline (for the title) and the origin (for share links). */
export interface ResultsContext {
  readonly headline: string;
  readonly baseUrl: string;
}

/** Searches `index` for the raw query and renders what the page shows. Never throws. */
export function renderResults(index: SearchIndex, raw: string, context: ResultsContext): RenderedResults {
  const results = index.search(raw);
  const query = escapeHtml(results.query);
  return {
    query: results.query,
    title: results.query ? `Search: ${results.query} · ${context.headline}` : `Search · ${context.headline}`,
    headingHtml: results.query ? `Search results for “<bdi>${query}</bdi>”` : 'Search the interview',
    bodyHtml: cutNote(results) + resultsBody(results, context.baseUrl),
  };
}

function cutNote(results: SearchResults): string {
  if (results.cutBy === 'words')
    return `\n  <p class="search-note">Only the query’s first ${results.terms.length} different words were searched: the rest were left out.</p>`;
  if (results.cutBy === 'characters')
    return `\n  <p class="search-note">Only the query’s first ${MAX_QUERY_CHARS} characters were searched: the rest were left out.</p>`;
  return '';
}

function resultsBody(results: SearchResults, baseUrl: string): string {
  if (!results.query || results.terms.length === 0)
    return '\n  <p>Type one or more words into the search box: every question and answer is searched, with word beginnings and small typos matched.</p>\n';
  if (results.hits.length === 0) {
    return (
      `\n  <p class="search-count">No question or answer contains “<bdi>${escapeHtml(results.query)}</bdi>”.</p>` +
      '\n  <p>Try fewer or other words, or read <a href="/full">the whole interview on one page</a>.</p>\n'
    );
  }
  const { total, hits, mode } = results;
  const count =
    `${total} ${total === 1 ? 'question matches' : 'questions match'}` +
    (mode === 'any' ? ' some of the words (none contains all of them)' : '') +
    (total > hits.length ? `; the first ${hits.length} are shown` : '');
  return `\n  <p class="search-count" role="status">${count}.</p>\n  <ol class="search-hits">${hits.map((hit) => hitHtml(hit, baseUrl)).join('')}\n  </ol>\n`;
}

function hitHtml(hit: SearchResults['hits'][number], baseUrl: string): string {
  // The text fragment highlights the words on the target page; it lives in the link only.
  const fragment = textFragment(hit.fragmentText ? [hit.fragmentText] : []);
  const url = `${sectionPath(hit.sectionSlug)}#${hit.questionId}${fragment}`;
  const pageUrl = questionPath(hit.questionId);
  return `
    <li class="search-hit">
      <p class="search-hit-where">Question ${hit.questionNumber} · ${escapeHtml(hit.sectionTitle)}</p>
      <h2 class="search-hit-question"><a href="${escapeHtml(url)}">${hit.questionHtml}</a></h2>
      <p class="search-hit-snippet">${hit.snippetHtml}</p>${hit.notes.map(noteHtml).join('')}
      <p class="search-hit-share"><a href="${escapeHtml(pageUrl)}">This question on its own page</a> ${shareLink(`${baseUrl}${pageUrl}`, `question ${hit.questionNumber}`)}</p>
    </li>`;
}

/** An editorial note that matched: shown as the editor's, with a link to the words it is about. */
const noteHtml = (note: SearchResults['hits'][number]['notes'][number]): string =>
  `\n      <p class="search-hit-note"><span class="note-label">Editor's note ${note.number} · ${escapeHtml(note.kindLabel)}</span> ` +
  `<span class="search-hit-note-on">On “${escapeHtml(note.quote)}”:</span> ` +
  `<a href="${escapeHtml(note.url)}">${note.snippetHtml}<span class="visually-hidden"> (go to the words it is about)</span></a></p>`;
