// The whole pipeline after loading: interview + templates + assets → the Site to serve. Pure.
import { EMPTY_LOCK, resolveAnchors, type AnchorLock } from './anchors.js';
import type { AssetFile } from './load.js';
import type { Interview } from './model.js';
import { renderErrorPage, renderPages, searchPageRenderer, sectionPath, type Templates } from './pages.js';
import { searchIndexSteps, type SearchIndex } from './search.js';
import { robotsTxt, sitemapXml } from './seo.js';
import { assetUrl, buildSite, type Site } from './site.js';

export interface BuildOptions {
  /** Origin for canonical links; '' (the default) gives root-relative links. */
  readonly baseUrl?: string;
  readonly securityHeaders: Readonly<Record<string, string>>;
  /** The lock of published anchors: old slugs redirect, old question ids stay as alias anchors. Default: empty. */
  readonly anchors?: AnchorLock;
}

/** The public files every page links to; the build fails without them. */
export const REQUIRED_ASSETS = { css: 'style.css', js: 'reader.js', icon: 'favicon.svg' } as const;

/** The body face, preloaded by every page: the text is set in it, so it is wanted before the first paint. */
export const PRELOAD_FONTS = ['source-serif-4-latin-400-normal.woff2'] as const;

/**
 * The stylesheet and script as served: their comments are for the people who edit them, not for every reader's first
 * round trip (about 1.4 KB brotli of the 14 KB page budget), so block comments, the white space around braces and semicolons and after colons and commas leave the CSS, and whole-line `//`
 * comments the script. style.css names each font by its file name (`url("source-serif-4-latin-400-normal.woff2")`);
 * the fonts are served under content-hashed URLs, which are written in (so the stylesheet's hash follows the fonts').
 */
function prepareAssets(assets: readonly AssetFile[]): readonly AssetFile[] {
  const fonts = assets.filter((file) => file.name.endsWith('.woff2'));
  return assets.map((file) => {
    if (file.name === REQUIRED_ASSETS.css) {
      let css = file.body
        .toString('utf8')
        .replace(/\/\*[^]*?\*\//g, '')
        .replace(/\s*([{};])\s*/g, '$1')
        .replace(/([:,]) /g, '$1');
      for (const font of fonts) css = css.split(`url("${font.name}")`).join(`url("${assetUrl(font)}")`);
      return { name: file.name, body: Buffer.from(css) };
    }
    if (file.name === REQUIRED_ASSETS.js) {
      return { name: file.name, body: Buffer.from(file.body.toString('utf8').replace(/^[ \t]*\/\/.*\n/gm, '')) };
    }
    return file;
  });
}

/** What the pages and the search page are rendered with: asset URLs, the base URL and the anchors from the lock. */
function prepare(interview: Interview, sourceAssets: readonly AssetFile[], options: BuildOptions) {
  const assets = prepareAssets(sourceAssets);
  const urlOf = (name: string): string => {
    const asset = assets.find((file) => file.name === name);
    if (!asset) throw new Error(`public/${name} is missing`);
    return assetUrl(asset);
  };
  const anchors = resolveAnchors(interview, options.anchors ?? EMPTY_LOCK);
  const renderOptions = {
    assets: {
      css: urlOf(REQUIRED_ASSETS.css),
      js: urlOf(REQUIRED_ASSETS.js),
      icon: urlOf(REQUIRED_ASSETS.icon),
      preload: PRELOAD_FONTS.filter((name) => assets.some((file) => file.name === name)).map(urlOf),
    },
    baseUrl: options.baseUrl ?? '',
    questionAliases: anchors.questionAliases,
  };
  return { anchors, renderOptions, assets };
}

/** A Site's search: the page renderer and the index build it waits for. */
export type SiteSearch = Required<Pick<Site, 'renderSearch' | 'searchIndexPending'>>;

/**
 * The search alone, without rendering a single page: what a start from the build snapshot adds to the snapshot's
 * pages. Its index is built on the first search, not here.
 */
export function buildSearch(interview: Interview, templates: Templates, assets: readonly AssetFile[], options: BuildOptions): SiteSearch {
  return lazySearch(interview, templates, prepare(interview, assets, options).renderOptions);
}

/**
 * The index is built when first asked for: by searchIndexPending in steps, one per turn of the event loop (the
 * search route waits for it), or, when renderSearch comes first (the static export, tests), all at once.
 */
function lazySearch(interview: Interview, templates: Templates, renderOptions: ReturnType<typeof prepare>['renderOptions']): SiteSearch {
  const steps = searchIndexSteps(interview);
  let index: SearchIndex | undefined;
  let building: Promise<void> | undefined;
  const step = (): boolean => {
    if (index) return true;
    const next = steps.next();
    if (next.done) index = next.value;
    return next.done === true;
  };
  let renderer: ReturnType<typeof searchPageRenderer> | undefined;
  return {
    renderSearch: (query, mode) => {
      while (!step());
      return (renderer ??= searchPageRenderer(interview, templates, renderOptions, index!))(query, mode);
    },
    searchIndexPending: () => {
      if (index) return undefined;
      return (building ??= (async () => {
        while (!step()) await new Promise((resolve) => setImmediate(resolve));
      })());
    },
  };
}

/** Renders and packs every page of the interview, with the search page renderer. */
export function buildReader(
  interview: Interview,
  templates: Templates,
  assets: readonly AssetFile[],
  options: BuildOptions,
): Site {
  const { anchors, renderOptions, assets: linkedAssets } = prepare(interview, assets, options);
  // `/sections/<n>` (1-based) is a stable short form of each section's URL; old slugs and ids from the lock follow.
  const redirects = new Map(interview.sections.map((section) => [`/sections/${section.number}`, sectionPath(section.slug)]));
  for (const [from, to] of anchors.redirects) redirects.set(from, to);
  const pages = renderPages(interview, templates, renderOptions);
  const sitemapPaths = pages.filter((page) => page.status === 200).map((page) => page.path);
  const site = buildSite({
    pages,
    errorHtml: renderErrorPage(templates, renderOptions),
    assets: linkedAssets,
    redirects,
    securityHeaders: options.securityHeaders,
    files: [
      { path: '/sitemap.xml', body: sitemapXml(renderOptions.baseUrl, sitemapPaths), contentType: 'application/xml; charset=utf-8' },
      { path: '/robots.txt', body: robotsTxt(renderOptions.baseUrl), contentType: 'text/plain; charset=utf-8' },
    ],
  });
  // The search index is built on the first search, not here: it is a third of the build for a large interview,
  // and pages do not need it. The first /search pays for it once (about 30 ms for the real interview).
  return { ...site, ...lazySearch(interview, templates, renderOptions) };
}
