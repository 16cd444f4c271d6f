// The search page: its view data prepared once in the build (plain data, kept in the snapshot), then filled per query.
import { questionPath, sectionPath } from '../paths.js';
import type { RenderedInterview } from '../rendered.js';
import { textFragment, type SearchIndex } from './engine.js';
import { MAX_QUERY_CHARS } from './query.js';
import type { Template } from '../templates.js';
import { commonView, type CommonView, type PageHead, type RenderOptions } from '../views.js';

/** What the search page shares with every page, and its head less the title (which names the query). */
export interface SearchPageView {
  readonly common: CommonView;
  readonly page: Omit<PageHead, 'title'>;
}

/** How the static export's copy of the page differs: the server's search is not there; `script` searches in the browser. */
export interface SearchPageMode {
  readonly staticExport?: { readonly script?: string | undefined };
}

/** The search page's view data, made once. */
export function searchPageView(rendered: RenderedInterview, options: RenderOptions): SearchPageView {
  const { common, head } = commonView(rendered, options);
  const { description, canonical } = head('/search', '', `Search the interview: ${common.headlineBy}`);
  // The page shows no contents, so the view kept in the snapshot holds no sections: for a large interview they were
  // a fifth of the snapshot, and every copy decoded at start stayed in memory.
  const slim: CommonView = { ...common, interview: { ...common.interview, sections: [] }, sections: [] };
  return { common: slim, page: { description, canonical, robots: 'noindex' } };
}

/** The function that renders the search page for one query: the index is searched and the compiled template filled, nothing else. */
export function searchPageRenderer(
  template: Template,
  view: SearchPageView,
  index: SearchIndex,
): (query: string, mode?: SearchPageMode) => string {
  const { common, page } = view;
  return (raw, mode = {}) => {
    const results = index.search(raw);
    const hits = results.hits.map((hit) => ({
      ...hit,
      // The text fragment highlights the words on the target page; it lives in the link only.
      url: `${sectionPath(hit.sectionSlug)}#${hit.questionId}${textFragment(hit.fragmentText ? [hit.fragmentText] : [])}`,
      pageUrl: questionPath(hit.questionId),
      shareUrl: `${common.baseUrl}${questionPath(hit.questionId)}`,
    }));
    const title = results.query ? `Search: ${results.query} · ${common.headlineBy}` : `Search · ${common.headlineBy}`;
    return template({
      ...common,
      page: { title, ...page },
      current: null,
      searchQuery: results.query,
      staticExport: mode.staticExport ?? null,
      results,
      maxQueryChars: MAX_QUERY_CHARS,
      hits,
    });
  };
}
