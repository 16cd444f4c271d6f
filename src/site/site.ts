// The Site: every response the server sends, built in advance, and the one page rendered per request (search).
import { extname } from 'node:path';
import type { RenderedPage } from '../render/pages.js';
import {
  loadSearchIndex,
  searchPageRenderer,
  type SearchIndexData,
  type SearchPageMode,
  type SearchPageView,
} from '../render/search/index.js';
import type { Template } from '../render/templates.js';
import {
  ASSET_CACHE_CONTROL,
  assetUrl,
  brotliQuality,
  buildResource,
  CONTENT_TYPES,
  hash,
  HTML,
  HTML_CACHE_CONTROL,
  type AssetFile,
  type Resource,
} from './resource.js';

/** The stable address of the EPUB: a 301 to the current file. */
export const EPUB_PATH = '/interview.epub';

/** The Site as plain data: what the snapshot stores, and everything a Site is but its search function. */
export interface SiteData {
  /** A short hash of every answer: changes whenever a page, asset, error page or redirect does. */
  readonly version: string;
  /** Root-relative path (percent-encoded as a browser sends it) → response. */
  readonly resources: ReadonlyMap<string, Resource>;
  /** Old or alternative path → where it now lives (301). */
  readonly redirects: ReadonlyMap<string, string>;
  readonly notFound: Resource;
  readonly serverError: Resource;
  /** Public asset file name → its content-hashed URL. */
  readonly assetUrls: ReadonlyMap<string, string>;
  /** The search page's view data and the search index, both built with the pages. */
  readonly search: { readonly view: SearchPageView; readonly index: SearchIndexData };
}

/** Everything the server sends, ready to go: complete when served, search included. Replaced whole on reload, never changed in place. */
export interface Site extends SiteData {
  /**
   * Renders the search page for one query (the one page not built in advance). `staticExport` renders the page a
   * static copy serves at /search instead: no results in it; `staticExport.script` searches `staticExport.index` in the
   * browser with this same code, and without JavaScript the page says a static copy cannot search.
   */
  readonly renderSearch: (query: string, mode?: SearchPageMode) => string;
}

/** Assembles the responses: pages, assets, fixed files and the error page, each built once; the search comes in ready. */
export function packSite(input: {
  pages: readonly RenderedPage[];
  errorHtml: string;
  assets: readonly AssetFile[];
  redirects: ReadonlyMap<string, string>;
  securityHeaders: Readonly<Record<string, string>>;
  /** Other generated files at fixed paths (sitemap.xml, robots.txt), cached like pages. */
  files?: readonly {
    path: string;
    body: string | Buffer;
    contentType: string;
    cacheControl?: string;
    headers?: Readonly<Record<string, string>>;
  }[];
  search: SiteData['search'];
}): SiteData {
  const resources = new Map<string, Resource>();
  const quality = brotliQuality(
    input.pages.reduce((sum, page) => sum + page.html.length, 0) +
      input.assets.reduce((sum, asset) => sum + asset.body.length, 0),
  );
  const assetUrls = new Map<string, string>();
  for (const asset of input.assets) {
    const url = assetUrl(asset);
    assetUrls.set(asset.name, url);
    const type = CONTENT_TYPES[extname(asset.name).toLowerCase()] ?? 'application/octet-stream';
    resources.set(url, buildResource(200, asset.body, type, ASSET_CACHE_CONTROL, input.securityHeaders, quality));
  }
  let notFound: Resource | undefined;
  for (const page of input.pages) {
    const resource = buildResource(
      page.status,
      Buffer.from(page.html),
      HTML,
      HTML_CACHE_CONTROL,
      input.securityHeaders,
      quality,
    );
    if (page.status === 404) notFound = resource;
    else resources.set(page.path, resource);
  }
  if (!notFound) throw new Error('packSite: the pages include no 404 page');
  for (const file of input.files ?? []) {
    const body = typeof file.body === 'string' ? Buffer.from(file.body) : file.body;
    const headers = file.headers ? { ...input.securityHeaders, ...file.headers } : input.securityHeaders;
    resources.set(
      file.path,
      buildResource(200, body, file.contentType, file.cacheControl ?? HTML_CACHE_CONTROL, headers),
    );
  }
  const serverError = buildResource(500, Buffer.from(input.errorHtml), HTML, 'no-store', input.securityHeaders);
  // Every answer counts, redirects and error pages too: a reload that changes only the anchor lock's redirects is a
  // new version, not "unchanged" (which would keep the old Site and drop them).
  const version = hash(
    [
      ...[...resources.values(), notFound, serverError].map((resource) => resource.etags[0]),
      ...[...input.redirects].map(([from, to]) => `${from}\t${to}`).sort(),
    ].join('\n'),
    12,
  );
  return { version, resources, redirects: input.redirects, notFound, serverError, assetUrls, search: input.search };
}

/**
 * A servable Site from its plain data (a snapshot's) and the compiled search template: the search index is
 * loaded in batches (minisearch's loadJSONAsync), so a server doing this for a reload keeps answering meanwhile.
 */
export async function openSite(data: SiteData, searchTemplate: Template, batched = true): Promise<Site> {
  const index = await loadSearchIndex(data.search.index, batched);
  return { ...data, renderSearch: searchPageRenderer(searchTemplate, data.search.view, index) };
}

/**
 * The response for a hashed file of another version (its bytes from the served-files store), as the Site that has it
 * would send it: its content type, immutable caching, the security headers of `site`, and for the EPUB the download
 * name `site`'s own EPUB has.
 */
export function hashedFileResource(site: SiteData, path: string, body: Buffer): Resource {
  const type = CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
  const disposition = path.endsWith('.epub')
    ? site.resources.get(site.redirects.get(EPUB_PATH) ?? '')?.variants.identity.headers['content-disposition']
    : undefined;
  const headers = Object.fromEntries(
    Object.entries(site.notFound.notModifiedHeaders).filter(([name]) => name !== 'cache-control' && name !== 'vary'),
  );
  return buildResource(
    200,
    body,
    type,
    ASSET_CACHE_CONTROL,
    disposition ? { ...headers, 'content-disposition': disposition } : headers,
  );
}
