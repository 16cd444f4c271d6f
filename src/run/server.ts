// The entry point: get the complete Site (from the snapshot, else built in a worker), listen on PORT, reload live, shut down cleanly. The only place that listens.
import { resolve } from 'node:path';
import type { Server, ServerResponse } from 'node:http';
import { ContentError } from '../content/errors.js';
import { createApp, securityHeadersOf } from '../http/app.js';
import { createLogger, type Logger } from '../http/log.js';
import { hashedFileResource, openSite, type Site } from '../site/site.js';
import { displayPath } from './display-path.js';
import { fingerprint, readSnapshot } from './snapshot-file.js';
import { buildInWorker } from './build-in-worker.js';
import { announceServing, superviseWorkers } from './cluster.js';
import { config, isLoopback, localOrigin, openUrl, root, settingsFault } from './config.js';
import { heldServer, listen } from './listen.js';
import type { SiteSource } from './load.js';
import { LiveSite } from './reload.js';
import { servedFilesFolder } from './served-files.js';
import { watchContent, type WatchState } from './watch-content.js';
import { loadSearchTemplate } from './templates.js';

/** How long requests in flight get after SIGTERM/SIGINT before their connections are cut. */
const SHUTDOWN_GRACE_MS = 4000;

/**
 * The Site to start with, complete: the snapshot's when it was built from the current inputs (no parser or
 * renderer is even imported), else a build in a worker thread, the path every reload takes. Rejects as that build does.
 */
async function initialSite(logger: Logger, source: SiteSource): Promise<{ site: Site; from: string }> {
  const file = config.snapshotFile && displayPath(config.snapshotFile);
  if (config.snapshotFile) {
    let found;
    try {
      found = readSnapshot(config.snapshotFile, fingerprint(source));
    } catch (error) {
      logger.warn(
        { err: error, file },
        `build snapshot ${file} not used: its inputs could not be read; building from the content`,
      );
    }
    // Before listening nothing else waits: the index is loaded at once, without minisearch's pauses.
    if (found?.kind === 'loaded')
      return {
        site: await openSite(found.site, loadSearchTemplate(resolve(root, 'views')), false),
        from: ', from the build snapshot',
      };
    if (found?.kind === 'stale')
      logger.info(
        { file },
        `build snapshot ${file} is out of date (an input changed since it was built): building from the content`,
      );
    if (found?.kind === 'corrupt')
      logger.warn({ file }, `build snapshot ${file} ignored (${found.reason}): building from the content`);
  }
  return { site: await buildInWorker(source), from: '' };
}

/**
 * Rebuilds after a content change, or on SIGHUP (in a worker thread); a fault is logged with file and line and the
 * last good version stays. `why` starts the first log line; after a signal, an unchanged result is logged at info too.
 */
async function reloadContent(live: LiveSite, logger: Logger, why = 'content changed'): Promise<void> {
  logger.info(`${why}: rebuilding`);
  const result = await live.reload();
  if (result.kind === 'swapped') {
    logger.info({ version: result.version }, 'content reloaded');
    // The old Site is garbage once the requests that read it are done; V8 collects only when it next allocates
    // enough, so an idle server would hold a large file's old version for ever. `npm start` runs node with
    // --expose-gc for this one full collection a second after each swap (tens of milliseconds, once per reload).
    setTimeout(() => (globalThis as { gc?: () => void }).gc?.(), 1000).unref();
  } else if (result.kind === 'unchanged')
    logger[why === 'content changed' ? 'debug' : 'info']({ version: result.version }, 'content unchanged');
  else if (result.error instanceof ContentError) {
    logger.error(
      { file: result.error.file, line: result.error.line },
      `content not reloaded, still serving ${live.current.version}: ${result.error.message}`,
    );
  } else logger.error({ err: result.error }, `content not reloaded, still serving ${live.current.version}`);
}

/**
 * On SIGTERM or SIGINT: stop accepting, close idle keep-alive connections (and each one that becomes idle), let
 * requests in flight finish, each answered with `Connection: close`, then exit 0. After SHUTDOWN_GRACE_MS, or a
 * second signal, the remaining connections are cut.
 */
function shutDownOnSignal(server: Server, logger: Logger, cleanUp: () => void): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return server.closeAllConnections();
    stopping = true;
    console.log(`Shutting down (${signal}): finishing requests in flight`);
    cleanUp();
    // Before the app writes its headers: a client must not send another request on a socket about to close.
    server.prependListener('request', (_req, res: ServerResponse) => res.setHeader('connection', 'close'));
    server.close(() => logger.flush(() => process.exit(0)));
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

/** Resident memory and V8's heap, in MB: what an operator watches after a reload of a large file. */
const memoryMb = () => {
  const { rss, heapUsed } = process.memoryUsage();
  return { rss: Math.round(rss / 1048576), heapUsed: Math.round(heapUsed / 1048576) };
};

/**
 * SIGHUP: reload the content now, as a change to the file would (for a deployment that cannot rely on file events).
 * SIGUSR2: log the status (the /healthz report, the open connections, resident memory and heap in MB) at info. Neither stops the server; by
 * default Node would exit at once on either.
 */
function answerSignals(server: Server, live: LiveSite, logger: Logger, watch: () => WatchState): void {
  process.on('SIGHUP', () => void reloadContent(live, logger, 'SIGHUP'));
  process.on('SIGUSR2', () =>
    server.getConnections((_error, connections) =>
      logger.info({ ...live.health(watch()), connections, memory: memoryMb() }, 'SIGUSR2: status'),
    ),
  );
}

async function main(): Promise<void> {
  const fault = settingsFault();
  if (fault) {
    console.error(`Cannot start: ${fault}`);
    process.exit(1);
  }
  // WORKERS > 1: this process only forks and supervises the workers (cluster.ts).
  if (superviseWorkers()) return;
  const logger = createLogger(config.logLevel, undefined, config.logFormat);
  const { server, serve } = heldServer();
  const bind = () =>
    listen(server, config.port, config.host).catch((error: Error) => {
      console.error(`Cannot listen on port ${config.port}: ${error.message}`);
      process.exit(1);
    });
  // The pages name their origin, so with PORT=0 (and no SITE_URL) the port must be bound before the build.
  const port = config.baseUrl ? undefined : await bind();
  const source = { root, ...config, baseUrl: config.baseUrl || localOrigin(port!) };
  let initial;
  try {
    initial = await initialSite(logger, source);
  } catch (error) {
    // A content fault names the file and line: no stack needed. Anything else is a bug: show it whole.
    console.error(error instanceof ContentError ? `Cannot start: ${error.message}` : error);
    process.exit(1);
  }
  // The hashed files of the versions served lately: a page, a redirect or a preview handed out before a reload, or by
  // another worker switching versions at another moment, names files the current Site may not have.
  const served = servedFilesFolder(root, (error) =>
    logger.warn({ err: error }, "old versions' images and EPUB kept in memory only: their folder cannot be written"),
  );
  served.publish(initial.site);
  const live = new LiveSite(
    () => buildInWorker(source),
    initial.site,
    undefined,
    (next, previous) => served.publish(next, previous),
  );
  let watchState: WatchState = { mode: 'events' };
  const hashedFile = (path: string) => {
    const body = served.read(path);
    return body && hashedFileResource(live.current, path, body);
  };
  serve(createApp({ site: () => live.current, logger, health: () => live.health(watchState), hashedFile }), () =>
    securityHeadersOf(live.current),
  );
  const bound = port ?? (await bind());
  // Watching and the signal handlers come before the line that says it serves: a supervisor may stop it at once.
  // The content file and the notes beside it: an edit to either rebuilds the Site.
  const watchers = [config.contentFile, config.notesFile].map((file) =>
    watchContent(file, {
      onChange: () => void reloadContent(live, logger),
      onNotice: (notice) => {
        if ('moved' in notice)
          logger.info(
            { folders: notice.moved, file },
            `a content file is now reached through other folders: watching them`,
          );
        else {
          watchState = notice.state;
          if (notice.state.mode === 'polling') logger.warn(`live reload: ${notice.state.reason}`);
        }
      },
    }),
  );
  const stopWatching = () => watchers.forEach((stop) => stop());
  shutDownOnSignal(server, logger, stopWatching);
  answerSignals(server, live, logger, () => watchState);
  announceServing();
  const reach = isLoopback(config.host) ? 'this machine only' : 'other machines too';
  console.log(
    `Reader ready: open ${openUrl(config.host, bound)}\n` +
      `  listening on ${config.host} port ${bound} (${reach}); content version ${live.current.version}${initial.from}; ` +
      `its pages name their address as ${source.baseUrl}`,
  );
  if (!config.siteUrl && !isLoopback(config.host)) {
    logger.warn(
      { host: config.host, origin: source.baseUrl },
      `SITE_URL is not set, and HOST ${config.host} lets other machines in: the pages, the sitemap and every shared link name ${source.baseUrl}. Set SITE_URL to the public origin`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
