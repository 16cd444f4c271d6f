// Start-up in one call: read the content, templates and assets from disk and build the Site (the server and check-content share it).
import { resolve } from 'node:path';
import { buildReader, buildSearch, type SiteSearch } from './build.js';
import { securityHeaders } from './headers.js';
import { loadAnchorLock, loadAssets, loadInterview, loadTemplates } from './load.js';
import type { Interview } from './model.js';
import type { Site } from './site.js';

/** Where the site comes from and how it is built. */
export interface SiteSource {
  /** The project folder holding `views/` and `public/`. */
  readonly root: string;
  /** The content file, absolute or relative to the working directory. */
  readonly contentFile: string;
  /** Origin for canonical links; '' gives root-relative links. */
  readonly baseUrl: string;
  /** Send HSTS (only behind TLS). */
  readonly hsts: boolean;
  /** The lock of published anchors; a missing file means an empty lock. Default: none. */
  readonly anchorsFile?: string;
}

/**
 * Loads everything from disk and builds the site, as the server does at start-up and on reload.
 * @throws ContentError (file and line) on a content fault; Error when a template or asset is missing.
 */
export function loadSite(source: SiteSource): { interview: Interview; site: Site } {
  const { interview, templates, assets, options } = loadInputs(source);
  return { interview, site: buildReader(interview, templates, assets, options) };
}

/**
 * Builds only the search (renderer and index, built on the first search): what a start from the build snapshot adds
 * to the snapshot's pages, without rendering and compressing them all again, and what a reload built in a worker
 * thread adds to the pages it sends back. `interview`: one already parsed (the worker's); default: the content file's.
 * @throws as loadSite does.
 */
export function loadSearch(source: SiteSource, interview?: Interview): SiteSearch {
  const inputs = loadInputs(source, interview);
  return buildSearch(inputs.interview, inputs.templates, inputs.assets, inputs.options);
}

function loadInputs(source: SiteSource, interview: Interview = loadInterview(source.contentFile)) {
  return {
    interview,
    templates: loadTemplates(resolve(source.root, 'views')),
    assets: loadAssets(resolve(source.root, 'public')),
    options: {
      baseUrl: source.baseUrl,
      securityHeaders: securityHeaders({ hsts: source.hsts }),
      ...(source.anchorsFile ? { anchors: loadAnchorLock(source.anchorsFile) } : {}),
    },
  };
}
