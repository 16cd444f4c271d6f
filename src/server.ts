// The entry point: load and build the site, listen on PORT, shut down cleanly. The only place that listens.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.js';
import { buildReader } from './build.js';
import { superviseWorkers } from './cluster.js';
import { ContentError } from './errors.js';
import { securityHeaders } from './headers.js';
import { loadAssets, loadInterview, loadTemplates } from './load.js';
import type { Site } from './site.js';

const root = resolve(fileURLToPath(import.meta.url), '../..');

/** Settings, all from the environment; see README "Configuration". */
export const config = {
  port: Number(process.env.PORT ?? 3000),
  host: process.env.HOST ?? '0.0.0.0',
  contentFile: resolve(root, process.env.CONTENT_FILE ?? 'content/interview.md'),
  baseUrl: (process.env.SITE_URL ?? '').replace(/\/+$/, ''),
  hsts: process.env.HSTS === '1',
};

/** Loads everything from disk and builds the site; throws ContentError on a content fault. */
export function loadSite(): Site {
  return buildReader(loadInterview(config.contentFile), loadTemplates(resolve(root, 'views')), loadAssets(resolve(root, 'public')), {
    baseUrl: config.baseUrl,
    securityHeaders: securityHeaders({ hsts: config.hsts }),
  });
}

function main(): void {
  if (superviseWorkers()) return; // WORKERS > 1: this process only forks and supervises the workers (src/cluster.ts)
  let site: Site;
  try {
    site = loadSite();
  } catch (error) {
    console.error(error instanceof ContentError ? `Cannot start: ${error.message}` : error);
    process.exit(1);
  }
  const app = createApp({ site: () => site });
  const server = app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    console.log(`Reader serving on http://localhost:${port}/ (content version ${site.version})`);
  });
  server.on('error', (error) => {
    console.error(`Cannot listen on port ${config.port}: ${error.message}`);
    process.exit(1);
  });
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main();
