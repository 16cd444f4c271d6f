// The search page: its view data prepared once in the build (plain data, kept in the snapshot), then filled per query.
import type { RenderedInterview } from '../rendered.js';
import type { SearchIndex } from './engine.js';
import { renderResults } from './results.js';
import type { Template } from '../templates.js';
import { commonView, type CommonView, type PageHead, type RenderOptions } from '../views.js';

/** What the search page shares with every page, and its head less the title (which names the query). */
export interface SearchPageView {
  readonly common: CommonView;
  readonly page: Omit<PageHead, 'title'>;
}

/**
 * How the static export's copy of the page differs: no results in the page; `script` (the search bundled for the
 * browser) searches `index` (the index's plain data as JSON) and renders them there.
 */
export interface SearchPageMode {
  readonly staticExport?: { readonly script?: string | undefined; readonly index: string };
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
    // The title names the headline as his quotation, and him.
    const results = renderResults(index, raw, { headline: common.headlineBy, baseUrl: common.baseUrl });
    return template({
      ...common,
      page: { title: results.title, ...page },
      current: null,
      searchQuery: results.query,
      staticExport: mode.staticExport ?? null,
      results,
    });
  };
}
