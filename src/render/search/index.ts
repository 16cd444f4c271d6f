// Search, the feature's one entry: the index built with the site, and the results page rendered per query, on the server or, in a static copy, in the browser. The rest of src/ imports only this.
export { indexInterview, loadSearchIndex, type SearchIndexData } from './search-index.js';
export { searchPageRenderer, searchPageView, type SearchPageMode, type SearchPageView } from './page.js';
export { renderResults, type RenderedResults } from './results.js';
