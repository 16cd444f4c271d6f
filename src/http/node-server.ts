// The node:http server the app runs in, with the answers Node would otherwise send itself (400, 408, 417, 431, CONNECT) taken over: plain text, security headers.
import {
  createServer,
  STATUS_CODES,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Duplex } from 'node:stream';

export interface HttpServerOptions {
  /** The security headers every answer carries, these too: the served Site's (securityHeadersOf), read per answer. */
  readonly securityHeaders: () => Readonly<Record<string, string>>;
  /** A client still sending its headers after this long is stalling (slowloris), not slow. Default 10 s. */
  readonly headersTimeoutMs?: number;
  /** And its whole request. Default 30 s. */
  readonly requestTimeoutMs?: number;
  /** How often Node looks for connections past those limits. Default: Node's, 30 s. */
  readonly timeoutCheckMs?: number;
}

/** What each answer says: its status line's meaning, then why, and nothing from the request. */
const REASONS: Readonly<Record<number, string>> = {
  400: 'the request could not be understood.',
  405: 'this server answers GET and HEAD, not CONNECT.',
  408: 'the request took too long to arrive.',
  413: 'the request is too large.',
  417: 'this server supports no expectation but "Expect: 100-continue".',
  431: 'the request headers are too large.',
  505: 'this server speaks HTTP/1.0 and HTTP/1.1.',
};

/** The status for a parse or timeout error, as Node itself would pick it. */
function statusFor(error: NodeJS.ErrnoException): number {
  if (error.code === 'HPE_HEADER_OVERFLOW') return 431;
  if (error.code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return 413;
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  return 400;
}

const bodyFor = (status: number): string => `${status} ${STATUS_CODES[status]}: ${REASONS[status]}\n`;

/** One whole HTTP/1.1 response, for a socket that has no ServerResponse: the plain body, no-store, close. */
function rawResponse(
  status: number,
  securityHeaders: Readonly<Record<string, string>>,
  extra: Readonly<Record<string, string>> = {},
): string {
  const body = bodyFor(status);
  const headers = {
    ...securityHeaders,
    ...extra,
    'cache-control': 'no-store',
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
  };
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n${body}`;
}

/**
 * An HTTP server answering with `handler`. Node's own answers are taken over wherever Node allows it:
 * - a request it cannot parse (400), a header block over 16 KB (431), one too slow to arrive (408): `clientError`;
 * - `Expect:` other than `100-continue` (417): `checkExpectation`;
 * - `CONNECT` (Node would close the socket without a byte): `connect`, answered 405;
 * - an HTTP/1.1 request without `Host` (400): `requireHostHeader` is off here, and the app answers it (app.ts);
 * - a request line with another version than HTTP/1.0 or 1.1 (`HTTP/2.0`): 505 here, before the app.
 * What Node still sends itself is in docs/operations.md.
 */
export function createHttpServer(handler: RequestListener, options: HttpServerOptions): Server {
  const { securityHeaders } = options;
  const server = createServer(
    {
      requireHostHeader: false,
      ...(options.timeoutCheckMs === undefined ? {} : { connectionsCheckingInterval: options.timeoutCheckMs }),
    },
    // Node's parser takes any HTTP/<digit>.<digit> request line; only 1.0 and 1.1 are what this server speaks.
    (req, res) =>
      req.httpVersionMajor === 1 && req.httpVersionMinor <= 1 ? handler(req, res) : versionNotSupported(res),
  );
  const versionNotSupported = (res: ServerResponse) => {
    const body = bodyFor(505);
    res.shouldKeepAlive = false;
    res.writeHead(505, {
      ...securityHeaders(),
      'cache-control': 'no-store',
      'content-type': 'text/plain; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      connection: 'close',
    });
    res.end(res.req.method === 'HEAD' ? undefined : body);
  };
  server.headersTimeout = options.headersTimeoutMs ?? 10_000;
  server.requestTimeout = options.requestTimeoutMs ?? 30_000;

  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // As Node does: answer only while nothing of a response has gone out on this socket (the parser fails on a
    // pipelined request too), and only if the client can still read.
    const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    socket.end(rawResponse(statusFor(error), securityHeaders()), () => socket.destroy());
  });

  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    const body = bodyFor(417);
    res.writeHead(417, {
      ...securityHeaders(),
      'cache-control': 'no-store',
      'content-type': 'text/plain; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });

  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    socket.end(rawResponse(405, securityHeaders(), { allow: 'GET, HEAD' }), () => socket.destroy());
  });
  return server;
}
