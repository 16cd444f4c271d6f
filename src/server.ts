// The entry point: start from the build snapshot or build the site, listen on PORT, reload the content live, shut down cleanly. The only place that listens.
import type { Server } from 'node:http';
import { createApp } from './app.js';
import { superviseWorkers } from './cluster.js';
import { config, root } from './config.js';
import { ContentError } from './errors.js';
import { createLogger, logLevelFault, type Logger } from './log.js';
import { LiveSite, watchFile } from './reload.js';
import type { SiteSearch } from './build.js';
import type { Interview } from './model.js';
import type { Site } from './site.js';
import { displayPath, fingerprint, readSnapshot, type SnapshotSite } from './snapshot.js';
import { buildInWorker } from './worker-build.js';

/** What is wrong with the settings, or undefined. */
function settingsFault(): string | undefined {
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
    return `PORT should be a whole number from 0 to 65535; got ${JSON.stringify(process.env.PORT)}`;
  }
  return logLevelFault(config.logLevel);
}

/** How long requests in flight get after SIGTERM/SIGINT before their connections are cut. */
const SHUTDOWN_GRACE_MS = 4000;

/** The build pipeline, loaded on demand: the whole site, or only the search page renderer. */
interface Pipeline {
  readonly build: () => Site;
  /** The search for the content file, or for an interview parsed elsewhere (in the worker thread a reload builds in). */
  readonly buildSearch: (interview?: Interview) => SiteSearch;
}

/**
 * Loads the build pipeline (marked, sanitize-html, ejs, gray-matter, minisearch: about 0.2 s of imports); its
 * functions load everything from disk and throw ContentError on a content fault.
 * Imported on demand, so a start from the snapshot serves its first page without it.
 */
async function loadPipeline(): Promise<Pipeline> {
  const { loadSite, loadSearch } = await import('./load-site.js');
  return { build: () => loadSite({ root, ...config }).site, buildSearch: (interview) => loadSearch({ root, ...config }, interview) };
}

/** The snapshot's site and the inputs fingerprint it was accepted under, when it was built from the current inputs; otherwise undefined, with a log line saying why. */
function snapshotSite(logger: Logger): { site: SnapshotSite; inputs: string } | undefined {
  if (!config.snapshotFile) return undefined;
  const file = displayPath(config.snapshotFile);
  let found;
  let inputs;
  try {
    inputs = fingerprint({ root, ...config });
    found = readSnapshot(config.snapshotFile, inputs);
  } catch (error) {
    logger.warn({ err: error, file }, `build snapshot ${file} not used: its inputs could not be read; building from the content`);
    return undefined;
  }
  if (found.kind === 'loaded') return { site: found.site, inputs };
  if (found.kind === 'stale') logger.info({ file }, `build snapshot ${file} is out of date (an input changed since it was built): building from the content`);
  if (found.kind === 'corrupt') logger.warn({ file }, `build snapshot ${file} ignored (${found.reason}): building from the content`);
  return undefined;
}

/**
 * After a start from the snapshot: loads the pipeline and adds the search page renderer to the snapshot's pages,
 * without rendering them again (a full rebuild of a 10 MB interview would hold the event loop for seconds). When an
 * input changed since the snapshot was read, it builds the whole site from the current inputs instead. Never rejects:
 * a failure is logged, the snapshot's pages stay, and search stays off until a reload succeeds.
 * @returns the pipeline, for reloads, or undefined when it could not be loaded.
 */
async function completeSite(live: LiveSite, logger: Logger, snapshotInputs: string): Promise<Pipeline | undefined> {
  let pipeline: Pipeline | undefined;
  try {
    pipeline = await loadPipeline();
    // Taken before the inputs are read: an edit made meanwhile shows here, or fires the watcher's reload after this.
    const inputs = fingerprint({ root, ...config });
    if (inputs === snapshotInputs) live.replace({ ...live.current, ...pipeline.buildSearch() });
    else {
      logger.warn({ snapshot: live.current.version }, 'an input changed since start-up: serving a fresh build instead of the build snapshot');
      live.replace(pipeline.build());
    }
  } catch (error) {
    const detail = error instanceof ContentError ? { file: error.file, line: error.line } : { err: error };
    logger.error(detail, `could not build the full site after starting from the snapshot (search is off until the content reloads): ${String(error)}`);
  }
  return pipeline;
}

/**
 * Rebuilds after a content change (in a worker thread: requests go on being answered meanwhile); a fault is logged with
 * file and line and the last good version stays.
 */
async function reloadContent(live: LiveSite, logger: Logger): Promise<void> {
  logger.info('content changed: rebuilding');
  const result = await live.reload();
  if (result.kind === 'swapped') logger.info({ version: result.version }, 'content reloaded');
  else if (result.kind === 'unchanged') logger.debug({ version: result.version }, 'content unchanged');
  else if (result.error instanceof ContentError) {
    logger.error({ file: result.error.file, line: result.error.line }, `content not reloaded, still serving ${live.current.version}: ${result.error.message}`);
  } else logger.error({ err: result.error }, `content not reloaded, still serving ${live.current.version}`);
}

/**
 * On SIGTERM or SIGINT: stop accepting, close idle keep-alive connections (and each one that becomes
 * idle), let requests in flight finish, then exit 0. After SHUTDOWN_GRACE_MS, or a second signal,
 * the remaining connections are cut.
 */
function shutDownOnSignal(server: Server, logger: Logger, cleanUp: () => void): void {
  let stopping = false;
  const exit = () => logger.flush(() => process.exit(0));
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      server.closeAllConnections();
      return;
    }
    stopping = true;
    console.log(`Shutting down (${signal}): finishing requests in flight`);
    cleanUp();
    server.close(exit);
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), 50).unref();
    setTimeout(() => {
      logger.warn('shutdown grace period over: closing the remaining connections');
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function main(): Promise<void> {
  const fault = settingsFault();
  if (fault) {
    console.error(`Cannot start: ${fault}`);
    process.exit(1);
  }
  // WORKERS > 1: this process only forks and supervises the workers (src/cluster.ts).
  if (superviseWorkers()) return;
  const logger = createLogger(config.logLevel);
  // From the snapshot, the pages are served as they are and the pipeline loads after listening (completeSite).
  const snapshot = snapshotSite(logger);
  let pipeline: Pipeline | undefined;
  let initial: Site;
  if (snapshot) initial = snapshot.site;
  else {
    try {
      pipeline = await loadPipeline();
      initial = pipeline.build();
    } catch (error) {
      // A content fault names the file and line: no stack needed. Anything else is a bug: show it whole.
      console.error(error instanceof ContentError ? `Cannot start: ${error.message}` : error);
      process.exit(1);
    }
  }
  const live = new LiveSite(() => {
    if (!pipeline) throw new Error('the build pipeline could not be loaded');
    return buildInWorker({ root, ...config }, pipeline.buildSearch);
  }, initial);
  let listening = (): void => {};
  // Settles once the full Site is served; /search requests and reloads wait for it.
  let completing: Promise<void> | undefined = snapshot
    ? new Promise<void>((resolve) => (listening = resolve))
        .then(() => completeSite(live, logger, snapshot.inputs))
        .then((loaded) => {
          pipeline = loaded;
          completing = undefined;
        })
    : undefined;
  const app = createApp({ site: () => live.current, logger, health: () => live.health(), searchPending: () => completing });
  const server = app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    console.log(`Reader serving on http://localhost:${port}/ (content version ${live.current.version}${snapshot ? ', from the build snapshot' : ''})`);
    listening();
  });
  // Every page is a lookup: a client still sending its headers after 10 s is stalling (slowloris), not slow.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.on('error', (error) => {
    console.error(`Cannot listen on port ${config.port}: ${error.message}`);
    process.exit(1);
  });
  const stopWatching = watchFile(
    config.contentFile,
    () => void (completing ?? Promise.resolve()).then(() => reloadContent(live, logger)),
    (error) => logger.error({ err: error }, 'stopped watching the content file: live reload is off until a restart'),
  );
  shutDownOnSignal(server, logger, stopWatching);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
