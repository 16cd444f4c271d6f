// The static copy's search, run in the reader's browser: the server's engine, index and results (src/render/search), bundled by esbuild at export.
import { loadSearchIndex, renderResults, type SearchIndexData } from '../render/search/index.js';

/**
 * Reads `?q=`, fetches the index the export wrote (the very data the server loads), searches it with the server's
 * code and puts the results where the server puts them. Without JavaScript, or when the index cannot be loaded, the
 * page keeps its note: search needs a server or a script, and /full with the browser's find is the way round.
 */
async function search(): Promise<void> {
  const root = document.querySelector<HTMLElement>('[data-static-search]');
  if (!root) return;
  const raw = new URLSearchParams(window.location.search).get('q') ?? '';
  let data: SearchIndexData;
  try {
    const response = await fetch(root.dataset.staticSearch!);
    if (!response.ok) throw new Error(`${response.status}`);
    data = (await response.json()) as SearchIndexData;
  } catch {
    root.insertAdjacentHTML(
      'beforeend',
      '<p class="search-count" role="status">The search index could not be loaded; use your browser’s find on the whole interview instead.</p>',
    );
    return;
  }
  const results = renderResults(await loadSearchIndex(data, false), raw, {
    headline: root.dataset.headline ?? '',
    baseUrl: root.dataset.baseUrl ?? '',
  });
  document.title = results.title;
  document.querySelector('main h1')!.innerHTML = results.headingHtml;
  // Every search box shows the query as searched, as the server's page does.
  for (const input of document.querySelectorAll<HTMLInputElement>('form[role="search"] input[name="q"]'))
    input.value = results.query;
  // The results' HTML is escaped before anything is marked (render/search/engine.ts): no text becomes markup.
  root.innerHTML = results.bodyHtml;
  root.dataset.staticSearchDone = '';
}

void search();
