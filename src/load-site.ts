// Start-up in one call: read the content, templates and assets from disk and build the Site (the server and check-content share it).
import { resolve } from 'node:path';
import { buildReader } from './build.js';
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
  const interview = loadInterview(source.contentFile);
  const site = buildReader(interview, loadTemplates(resolve(source.root, 'views')), loadAssets(resolve(source.root, 'public')), {
    baseUrl: source.baseUrl,
    securityHeaders: securityHeaders({ hsts: source.hsts }),
    ...(source.anchorsFile ? { anchors: loadAnchorLock(source.anchorsFile) } : {}),
  });
  return { interview, site };
}
