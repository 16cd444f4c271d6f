// The whole build after loading: interview + templates + assets → the complete Site, search included. Pure.
import { EMPTY_LOCK, resolveAnchors, type AnchorLock } from '../content/anchors.js';
import type { Interview } from '../content/model.js';
import { renderErrorPage, renderPages } from '../render/pages.js';
import { questionPath, sectionPath } from '../render/paths.js';
import { renderInterview } from '../render/rendered.js';
import { indexInterview } from '../render/search-index.js';
import { searchPageRenderer, searchPageView } from '../render/search-page.js';
import { robotsTxt, sitemapXml } from '../render/seo.js';
import type { Templates } from '../render/templates.js';
import type { RenderOptions } from '../render/views.js';
import { assetUrl, type AssetFile } from './resource.js';
import { packSite, type Site } from './site.js';

export interface BuildInputs {
  readonly interview: Interview;
  readonly templates: Templates;
  /** The files of `public/`: every page links to REQUIRED_ASSETS. */
  readonly assets: readonly AssetFile[];
  /** Origin for canonical links; '' (the default) gives root-relative links. */
  readonly baseUrl?: string;
  readonly securityHeaders: Readonly<Record<string, string>>;
  /** The lock of published anchors: old slugs redirect, old question ids stay as alias anchors. Default: empty. */
  readonly anchors?: AnchorLock;
}

/** The public files every page links to; the build fails without them. */
export const REQUIRED_ASSETS = { css: 'style.css', js: 'reader.js', icon: 'favicon.svg' } as const;

/**
 * Renders every paragraph once, then every page, the search index and the search page from that; packs it all.
 * @throws Error when a required asset is missing.
 */
export function buildSite(inputs: BuildInputs): Site {
  const { interview, templates, assets } = inputs;
  const urlOf = (name: string): string => {
    const asset = assets.find((file) => file.name === name);
    if (!asset) throw new Error(`public/${name} is missing`);
    return assetUrl(asset);
  };
  const anchors = resolveAnchors(interview, inputs.anchors ?? EMPTY_LOCK);
  const options: RenderOptions = {
    assets: { css: urlOf(REQUIRED_ASSETS.css), js: urlOf(REQUIRED_ASSETS.js), icon: urlOf(REQUIRED_ASSETS.icon) },
    baseUrl: inputs.baseUrl ?? '',
    questionAliases: anchors.questionAliases,
    paragraphAliases: anchors.paragraphAliases,
  };
  const rendered = renderInterview(interview);

  // `/sections/<n>` (1-based) is a stable short form of each section's URL; old slugs and ids from the lock follow.
  const redirects = new Map(interview.sections.map((section) => [`/sections/${section.number}`, sectionPath(section.slug)]));
  for (const [from, to] of anchors.sectionRedirects) redirects.set(sectionPath(from), sectionPath(to));
  for (const [from, to] of anchors.questionRedirects) redirects.set(questionPath(from), questionPath(to));

  const pages = renderPages(rendered, templates, options);
  const sitemapPaths = pages.filter((page) => page.status === 200).map((page) => page.path);
  const search = { view: searchPageView(rendered, options), index: indexInterview(rendered) };
  const data = packSite({
    pages,
    errorHtml: renderErrorPage(templates, options),
    assets,
    redirects,
    securityHeaders: inputs.securityHeaders,
    files: [
      { path: '/sitemap.xml', body: sitemapXml(options.baseUrl, sitemapPaths), contentType: 'application/xml; charset=utf-8' },
      { path: '/robots.txt', body: robotsTxt(options.baseUrl), contentType: 'text/plain; charset=utf-8' },
    ],
    search: { view: search.view, index: search.index.data },
  });
  return { ...data, renderSearch: searchPageRenderer(templates.search, search.view, search.index.index) };
}
