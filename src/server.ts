// The entry point: load and build the site, listen on PORT, reload the content live, shut down cleanly. The only place that listens.
import type { Server } from 'node:http';
import { createApp } from './app.js';
import { superviseWorkers } from './cluster.js';
import { config, root } from './config.js';
import { ContentError } from './errors.js';
import { loadSite } from './load-site.js';
import { createLogger, logLevelFault, type Logger } from './log.js';
import { LiveSite, watchFile } from './reload.js';
import type { Site } from './site.js';

/** What is wrong with the settings, or undefined. */
function settingsFault(): string | undefined {
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
    return `PORT should be a whole number from 0 to 65535; got ${JSON.stringify(process.env.PORT)}`;
  }
  return logLevelFault(config.logLevel);
}

/** How long requests in flight get after SIGTERM/SIGINT before their connections are cut. */
const SHUTDOWN_GRACE_MS = 4000;

/** Loads everything from disk and builds the site; throws ContentError on a content fault. */
const buildFromDisk = (): Site => loadSite({ root, ...config }).site;

/** Rebuilds after a content change; a fault is logged with file and line and the last good version stays. */
function reloadContent(live: LiveSite, logger: Logger): void {
  const result = live.reload();
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

function main(): void {
  const fault = settingsFault();
  if (fault) {
    console.error(`Cannot start: ${fault}`);
    process.exit(1);
  }
  // WORKERS > 1: this process only forks and supervises the workers (src/cluster.ts).
  if (superviseWorkers()) return;
  const logger = createLogger(config.logLevel);
  let initial: Site;
  try {
    initial = buildFromDisk();
  } catch (error) {
    // A content fault names the file and line: no stack needed. Anything else is a bug: show it whole.
    console.error(error instanceof ContentError ? `Cannot start: ${error.message}` : error);
    process.exit(1);
  }
  const live = new LiveSite(buildFromDisk, initial);
  const app = createApp({ site: () => live.current, logger, health: () => live.health() });
  const server = app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    console.log(`Reader serving on http://localhost:${port}/ (content version ${live.current.version})`);
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
    () => reloadContent(live, logger),
    (error) => logger.error({ err: error }, 'stopped watching the content file: live reload is off until a restart'),
  );
  shutDownOnSignal(server, logger, stopWatching);
}

main();
