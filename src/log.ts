// Logging: the pino logger the server writes to, and the one-line-per-request access log (pino-http).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';

export type { Logger } from 'pino';

/** Levels LOG_LEVEL accepts; `silent` turns every line off. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Longest request path written to the log; a hostile 10,000-character path is cut, not copied whole. */
const MAX_LOGGED_PATH = 200;

/**
 * A JSON-lines logger at `level`, writing to `destination` (default: stdout, written
 * asynchronously so a request never waits on the terminal; call `flush()` before exiting).
 * @throws Error naming the accepted levels when `level` is not one of them.
 */
export function createLogger(level: string = 'info', destination?: DestinationStream): Logger {
  const fault = logLevelFault(level);
  if (fault) throw new Error(fault);
  return pino({ level, base: undefined }, destination ?? pino.destination({ sync: false }));
}

/** What is wrong with `level` as a LOG_LEVEL, or undefined when it is one of LOG_LEVELS. */
export function logLevelFault(level: string): string | undefined {
  if ((LOG_LEVELS as readonly string[]).includes(level)) return undefined;
  return `LOG_LEVEL should be one of ${LOG_LEVELS.join(', ')}; got ${JSON.stringify(level)}`;
}

/** The path of a request URL without its query string, cut to MAX_LOGGED_PATH characters. */
export function loggedPath(url: string | undefined): string {
  const path = (url ?? '').split('?', 1)[0] ?? '';
  return path.length > MAX_LOGGED_PATH ? `${path.slice(0, MAX_LOGGED_PATH)}…` : path;
}

/**
 * The access log: one line per finished request, `{"req":{"method","path"},"res":{"status"},"responseTime"}`
 * at `info` (`error` for a 5xx). No headers, query strings or addresses are logged.
 */
export function accessLog(logger: Logger): HttpLogger {
  return pinoHttp({
    logger,
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage) => ({ method: req.method, path: loggedPath(req.url) }),
      res: (res: ServerResponse) => ({ status: res.statusCode }),
    },
    customLogLevel: (_req, res, error): Level => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request failed',
  });
}
