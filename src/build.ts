// The whole pipeline after loading: interview + templates + assets → the Site to serve. Pure.
import type { AssetFile } from './load.js';
import type { Interview } from './model.js';
import { renderErrorPage, renderPages, sectionPath, type Templates } from './pages.js';
import { assetUrl, buildSite, type Site } from './site.js';

export interface BuildOptions {
  /** Origin for canonical links; '' (the default) gives root-relative links. */
  readonly baseUrl?: string;
  readonly securityHeaders: Readonly<Record<string, string>>;
}

/** The public files every page links to; the build fails without them. */
export const REQUIRED_ASSETS = { css: 'style.css', js: 'reader.js', icon: 'favicon.svg' } as const;

/** Renders and packs every page of the interview. */
export function buildReader(
  interview: Interview,
  templates: Templates,
  assets: readonly AssetFile[],
  options: BuildOptions,
): Site {
  const urlOf = (name: string): string => {
    const asset = assets.find((file) => file.name === name);
    if (!asset) throw new Error(`public/${name} is missing`);
    return assetUrl(asset);
  };
  const renderOptions = {
    assets: { css: urlOf(REQUIRED_ASSETS.css), js: urlOf(REQUIRED_ASSETS.js), icon: urlOf(REQUIRED_ASSETS.icon) },
    baseUrl: options.baseUrl ?? '',
  };
  // `/sections/<n>` (1-based) is a stable short form of each section's URL.
  const redirects = new Map(interview.sections.map((section) => [`/sections/${section.number}`, sectionPath(section.slug)]));
  return buildSite({
    pages: renderPages(interview, templates, renderOptions),
    errorHtml: renderErrorPage(templates, renderOptions),
    assets,
    redirects,
    securityHeaders: options.securityHeaders,
  });
}
