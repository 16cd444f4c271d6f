// Logging: the pino logger the server writes to (JSON lines, or plain lines for a person at a terminal), and the one-line-per-request access log.
import type { Request, RequestHandler, Response } from 'express';
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Levels LOG_LEVEL accepts; `silent` turns every line off. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Longest request path written to the log; a hostile 10,000-character path is cut, not copied whole. */
const MAX_LOGGED_PATH = 200;

/** How lines are written: JSON (pino's format, for machines and log collectors) or text (one plain line a person reads). */
export type LogFormat = 'json' | 'text';

/**
 * A logger at `level`, writing to `destination` (default: stdout, written synchronously as pino does by default: a
 * line is out before the process can die, and the access log below makes that one write per turn of the event
 * loop, not one per request; asynchronous writes went through libuv's thread pool and cost about a tenth of the
 * throughput in `npm run bench`). `format` 'text' turns each JSON line into a plain one (textLine) on its way out.
 * @throws Error naming the accepted levels when `level` is not one of them.
 */
export function createLogger(
  level: string = 'info',
  destination?: DestinationStream,
  format: LogFormat = 'json',
): Logger {
  const fault = logLevelFault(level);
  if (fault) throw new Error(fault);
  const out = destination ?? pino.destination({ sync: true });
  return pino({ level, base: undefined }, format === 'text' ? asText(out) : out);
}

/** Passes pino's JSON lines on to `out` as plain lines; `flush` reaches `out` too (shutdown waits for it). */
function asText(out: DestinationStream): DestinationStream & { flush: (done: () => void) => void } {
  return {
    write: (chunk: string) =>
      out.write(
        chunk
          .split('\n')
          .filter(Boolean)
          .map((line) => `${textLine(line)}\n`)
          .join(''),
      ),
    flush: (done) => {
      const flushable = out as DestinationStream & { flush?: (done: () => void) => void };
      if (typeof flushable.flush === 'function') flushable.flush(done);
      else done();
    },
  };
}

const LEVEL_LABELS: Readonly<Record<number, string>> = {
  10: 'trace',
  20: 'debug',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/** A field's value in a text line: as it is when it is one word, else as JSON. */
const fieldValue = (value: unknown): string =>
  typeof value === 'string' && /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);

/**
 * One JSON log line as a person reads it: the local time, the level unless it is `info`, then for a request
 * `GET /full 200 3 ms`, else the message and its other fields as `name=value`; an error's stack on the lines after.
 * A line that is not JSON is given back as it is.
 */
export function textLine(json: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const { level, time, msg, req, res, responseTime, err, ...fields } = record;
  const parts = [new Date(Number(time)).toTimeString().slice(0, 8)];
  const label = LEVEL_LABELS[Number(level)];
  if (label) parts.push(label);
  if (req && res) {
    const { method, path } = req as { method?: string; path?: string };
    parts.push(`${method} ${path} ${(res as { status?: number }).status} ${String(responseTime)} ms`);
    if (msg !== 'request' && msg !== 'request failed') parts.push(`(${String(msg)})`);
  } else parts.push(typeof msg === 'string' ? msg : JSON.stringify(msg ?? ''));
  for (const [name, value] of Object.entries(fields)) parts.push(`${name}=${fieldValue(value)}`);
  const stack = (err as { stack?: string } | undefined)?.stack;
  return stack ? `${parts.join(' ')}\n${stack.replace(/^/gm, '    ')}` : parts.join(' ');
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
 * The access log: one JSON line per request, in pino's own format —
 * `{"level":30,"time":…,"req":{"method","path"},"res":{"status"},"responseTime":…,"msg":"request"}` — at `info`
 * (`error` and "request failed" for a 5xx; "request aborted" when the client left before there was an answer;
 * "response not sent" when there was one but it never went out in full: the client left during it, or Node dropped it).
 * No headers, query strings or addresses are logged. The caller mounts it only when `info` is enabled.
 *
 * Written by hand rather than with pino-http: pino-http builds a child logger per request, which cost a third of the
 * app's throughput in `npm run bench`. Here a line is one template string (the path through JSON.stringify, so a
 * hostile path cannot break the JSON); a prebuilt page, answered before the wrapped handler returns, is logged right
 * then without a listener; and the lines of one turn of the event loop go to the logger's stream in a single write.
 */
export function accessLog(logger: Logger): (first: RequestHandler) => RequestHandler {
  const stream = (logger as unknown as Record<symbol, DestinationStream>)[pino.symbols.streamSym];
  if (!stream) throw new Error('the logger has no stream to write the access log to');
  let pending: string[] = [];
  const flush = () => {
    const lines = pending;
    pending = [];
    stream.write(lines.join(''));
  };
  const log = (req: Request, res: Response, started: number) => {
    const now = Date.now();
    const failed = res.statusCode >= 500;
    // Ended is not sent: Node drops the queued answer to a pipelined request behind one with `Connection: close`.
    const msg = !res.writableEnded
      ? 'request aborted'
      : !res.writableFinished
        ? 'response not sent'
        : failed
          ? 'request failed'
          : 'request';
    if (pending.length === 0) setImmediate(flush);
    pending.push(
      `{"level":${failed ? ERROR_LEVEL : INFO_LEVEL},"time":${now},"req":{"method":${JSON.stringify(req.method)},"path":${JSON.stringify(loggedPath(req.url))}},` +
        `"res":{"status":${res.statusCode}},"responseTime":${now - started},"msg":"${msg}"}\n`,
    );
  };
  // It wraps the app's first handler rather than being a middleware of its own: each Express layer costs a few per
  // cent of a request that is only a lookup (`npm run bench` compares the app with the minimal route).
  return (first) => (req, res, next) => {
    const started = Date.now();
    try {
      first(req, res, next);
    } catch (error) {
      // What Express does with a handler that throws, done here so that the answer is logged as well.
      next(error);
    }
    // Finished: every byte is with the operating system. Otherwise (still being written, queued behind an earlier
    // response on the socket, or never answered) the line waits for the response's end, and says how it ended.
    if (res.writableFinished) log(req, res, started);
    else res.once('close', () => log(req, res, started));
  };
}

const INFO_LEVEL = pino.levels.values.info;
const ERROR_LEVEL = pino.levels.values.error;
