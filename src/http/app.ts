// createApp: the Express app serving a prebuilt Site. It never listens; src/run/server.ts does.
import { STATUS_CODES } from 'node:http';
import express, {
  type ErrorRequestHandler,
  type Express,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { healthReport, type HealthReport } from './health.js';
import { accessLog, loggedPath, type Logger } from './log.js';
import { negotiateEncoding } from './negotiate.js';
import {
  isHashedPath,
  REDIRECT_CACHE_CONTROL,
  SEARCH_CACHE_CONTROL,
  UNKNOWN_HASHED_CACHE_CONTROL,
  type Resource,
} from '../site/resource.js';
import type { Site } from '../site/site.js';
import { queryParameter, redirectFor } from './redirects.js';

export interface AppOptions {
  /** The site to serve; called per request, so a reload can swap in a new Site whole. */
  readonly site: () => Site;
  /** Where unexpected errors go. Default: `logger.error` with the stack, else console.error. Never to the client. */
  readonly logError?: (error: unknown, req: Request) => void;
  /** The access log (one line per request at `info`) and error log. Default: none. */
  readonly logger?: Logger;
  /** What `/healthz` reports. Default: the served version, no reload. */
  readonly health?: () => HealthReport;
  /**
   * A content-hashed file (image, EPUB, asset) the current Site does not have, from a version served lately or being
   * switched to by another worker (src/run/served-files.ts). Default: none.
   */
  readonly hashedFile?: (path: string) => Resource | undefined;
}

const ALLOW = 'GET, HEAD';

/** Builds the app. Pages are looked up, not rendered: every byte was built at load time. */
export function createApp(options: AppOptions): Express {
  const { logger } = options;
  const logError =
    options.logError ??
    (logger
      ? (error: unknown, req: Request) =>
          logger.error({ err: error, method: req.method, path: loggedPath(req.url) }, 'unexpected error')
      : (error: unknown) => console.error(error));
  const health = options.health ?? (() => healthReport(options.site().version, null));
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  // Express's last-resort handler prints the stack outside production; it must never reach a client.
  app.set('env', 'production');
  // Routes are exact, like the prebuilt pages: `/SEARCH` and `/Healthz/` are 404s (robots.txt's `Disallow: /search`
  // is case-sensitive too), and `/search/` is a redirect to `/search` (redirectFor), not a second URL for one page.
  app.set('case sensitive routing', true);
  app.set('strict routing', true);

  // The access log wraps the first handler (no layer of its own); with LOG_LEVEL above info it is not there at all.
  const prebuilt = servePrebuilt(options.site);
  app.use(logger?.isLevelEnabled('info') ? accessLog(logger)(prebuilt) : prebuilt);
  app.all('/healthz', reportHealth(options.site, health));
  app.all('/search', serveSearch(options.site));
  app.use(notFound(options.site, options.hashedFile ?? (() => undefined)));
  app.use(handleError(options.site, logError));
  return app;
}

/** Sends the resource at the request path, a redirect, or 405; otherwise passes on. */
function servePrebuilt(site: () => Site): RequestHandler {
  return (req, res, next) => {
    const current = site();
    // RFC 9112 3.2: an HTTP/1.1 request without Host is a 400. Node would send it bare (createHttpServer turns that off).
    if (req.headers.host === undefined && req.httpVersionMinor === 1 && req.httpVersionMajor === 1)
      return missingHost(res, current);
    const path = req.path;
    const resource = current.resources.get(path);
    if (resource) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res, current);
      return send(req, res, resource);
    }
    const target = redirectFor(current, path, req.url);
    if (target === undefined) return next();
    if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res, current);
    // The query string is dropped (no page reads one), except the search's `q`, which is re-encoded, never echoed.
    setSecurityHeaders(res, current);
    res.setHeader('cache-control', REDIRECT_CACHE_CONTROL);
    res.setHeader('location', target);
    res.statusCode = 301;
    res.end();
  };
}

/**
 * Picks the prebuilt variant for the request's Accept-Encoding, answers If-None-Match with 304, and sends
 * the bytes (no body for HEAD). Every header object was built at load time: nothing is allocated here
 * beyond what Node needs to write the response.
 */
export function send(req: Request, res: Response, resource: Resource): void {
  const variant = resource.variants[negotiateEncoding(req.headers['accept-encoding'])];
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined && resource.status === 200 && etagMatches(ifNoneMatch, variant.etag)) {
    res.writeHead(304, variant.notModifiedHeaders);
    res.end();
    return;
  }
  res.writeHead(resource.status, variant.headers);
  res.end(req.method === 'HEAD' ? undefined : variant.body);
}

/**
 * If-None-Match against the ETag of the representation we would send (RFC 9110 13.1.2, weak comparison):
 * `*`, or a list with that tag in it. A cache holding the other encodings sends their tags too; the 304's ETag
 * tells it which one to reuse.
 */
function etagMatches(header: string, etag: string): boolean {
  if (header === etag) return true;
  for (const candidate of header.split(',')) {
    const tag = candidate.trim();
    if (tag === '*' || tag === etag || (tag.startsWith('W/') && tag.slice(2) === etag)) return true;
  }
  return false;
}

/**
 * The security headers the Site's responses carry. They were computed once and sit on every prebuilt resource; the
 * 404 page's 304 headers are them plus `cache-control` and `vary`. Cached per Site: a reload brings a new one.
 */
export function securityHeadersOf(site: Site): Readonly<Record<string, string>> {
  let headers = securityHeadersCache.get(site.notFound);
  if (!headers) {
    headers = Object.fromEntries(
      Object.entries(site.notFound.notModifiedHeaders).filter(([name]) => name !== 'cache-control' && name !== 'vary'),
    );
    securityHeadersCache.set(site.notFound, headers);
  }
  return headers;
}
const securityHeadersCache = new WeakMap<Resource, Readonly<Record<string, string>>>();

/** The security headers on a response built per request. */
function setSecurityHeaders(res: Response, site: Site): void {
  for (const [name, value] of Object.entries(securityHeadersOf(site))) res.setHeader(name, value);
}

function missingHost(res: Response, site: Site): void {
  res.setHeader('connection', 'close');
  sendUncached(res, site, 400, '400 Bad Request: an HTTP/1.1 request must name its Host.\n');
}

function methodNotAllowed(res: Response, site: Site): void {
  res.setHeader('allow', ALLOW);
  sendUncached(res, site, 405, `405 Method Not Allowed: this page answers ${ALLOW}.\n`);
}

/** A small response built per request: the security headers, `no-store`, and `body`. */
function sendUncached(
  res: Response,
  site: Site,
  status: number,
  body: string,
  contentType = 'text/plain; charset=utf-8',
): void {
  setSecurityHeaders(res, site);
  res.setHeader('cache-control', 'no-store');
  res.setHeader('content-type', contentType);
  res.setHeader('content-length', String(Buffer.byteLength(body)));
  res.statusCode = status;
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/** `GET /healthz`: the health report as JSON, never cached. */
function reportHealth(site: () => Site, health: () => HealthReport): RequestHandler {
  return (req, res) => {
    const current = site();
    if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res, current);
    sendUncached(res, current, 200, `${JSON.stringify(health())}\n`, 'application/json; charset=utf-8');
  };
}

/** What a client error says: the status and its meaning, nothing from the request. */
const CLIENT_ERROR_TEXT: Readonly<Record<number, string>> = {
  400: 'the address could not be understood (malformed percent-encoding).',
  414: 'the address is too long.',
};

export { SEARCH_CACHE_CONTROL } from '../site/resource.js';

/**
 * `/search?q=…`: the one page rendered per request (template compiled once, index built with the pages).
 * Only the first `q` is read; the query is capped and escaped by the renderer.
 */
function serveSearch(site: () => Site): RequestHandler {
  return (req, res) => {
    const current = site();
    if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res, current);
    const query = queryParameter(req.originalUrl) ?? '';
    const body = Buffer.from(current.renderSearch(query));
    setSecurityHeaders(res, current);
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': String(body.length),
      'cache-control': SEARCH_CACHE_CONTROL,
      'x-robots-tag': 'noindex',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

/** The 404 page, with the contents. A hashed URL is looked for among other versions' files first; if none has it,
 * the page goes with `no-store`: no cache may keep a 404 for a file a worker may soon have. */
function notFound(site: () => Site, hashedFile: (path: string) => Resource | undefined): RequestHandler {
  return (req, res) => {
    const current = site();
    if (!isHashedPath(req.path)) return send(req, res, current.notFound);
    if (req.method === 'GET' || req.method === 'HEAD') {
      const other = hashedFile(req.path);
      if (other) return send(req, res, other);
    }
    const variant = current.notFound.variants[negotiateEncoding(req.headers['accept-encoding'])];
    res.writeHead(404, { ...variant.headers, 'cache-control': UNKNOWN_HASHED_CACHE_CONTROL });
    res.end(req.method === 'HEAD' ? undefined : variant.body);
  };
}

/**
 * Client errors (a malformed URL, a header too large) get their status and a short plain page;
 * anything else is logged with its stack and gets the plain 500 page. No stack trace reaches the client.
 */
function handleError(site: () => Site, logError: (error: unknown, req: Request) => void): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const text = CLIENT_ERROR_TEXT[status] ?? 'the request could not be served.';
      return sendUncached(res, site(), status, `${status} ${STATUS_CODES[status] ?? 'Client Error'}: ${text}\n`);
    }
    logError(error, req);
    let page: Resource;
    try {
      page = site().serverError;
    } catch (siteError) {
      // No site to take the 500 page from: a bare one, still without the stack.
      logError(siteError, req);
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end('500 Internal Server Error\n');
      return;
    }
    send(req, res, page);
  };
}
