// createApp: the Express app serving a prebuilt Site. It never listens; server.ts does.
import express, { type ErrorRequestHandler, type Express, type Request, type RequestHandler, type Response } from 'express';
import { REDIRECT_CACHE_CONTROL, type Encoding, type Resource, type Site } from './site.js';

export interface AppOptions {
  /** The site to serve; called per request, so a reload can swap in a new Site whole. */
  readonly site: () => Site;
  /** Where unexpected errors go. Default: console.error. Never to the client. */
  readonly logError?: (error: unknown, req: Request) => void;
}

const ALLOW = 'GET, HEAD';

/** Builds the app. Pages are looked up, not rendered: every byte was built at load time. */
export function createApp(options: AppOptions): Express {
  const logError = options.logError ?? ((error: unknown) => console.error(error));
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');

  app.use(servePrebuilt(options.site));
  app.all('/search', serveSearch(options.site));
  app.use(notFound(options.site));
  app.use(handleError(options.site, logError));
  return app;
}

/** Sends the resource at the request path, a redirect, or 405; otherwise passes on. */
function servePrebuilt(site: () => Site): RequestHandler {
  return (req, res, next) => {
    const current = site();
    const path = req.path;
    const resource = current.resources.get(path);
    if (resource) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res, current.notFound);
      return send(req, res, resource);
    }
    const target = redirectFor(current, path);
    if (target === undefined) return next();
    // The query string is dropped: no page reads one, and it must not be echoed into a header.
    setHeaders(res, current.notFound.notModifiedHeaders, ['cache-control', 'vary']);
    res.setHeader('cache-control', REDIRECT_CACHE_CONTROL);
    res.setHeader('location', target);
    res.statusCode = 301;
    res.end();
  };
}

/** `/sections/1` → its slug URL; `/full/` → `/full`; a percent-encoding variant of a known path → that path. */
function redirectFor(site: Site, path: string): string | undefined {
  const direct = site.redirects.get(path);
  if (direct) return direct;
  if (path.length > 1 && path.endsWith('/')) {
    const trimmed = path.replace(/\/+$/, '') || '/';
    if (site.resources.has(trimmed)) return trimmed;
    return site.redirects.get(trimmed);
  }
  if (path.includes('%')) {
    const canonical = path.split('/').map((segment) => encodeURIComponent(decodePathSegment(segment))).join('/');
    if (canonical !== path && (site.resources.has(canonical) || site.redirects.has(canonical))) {
      return site.redirects.get(canonical) ?? canonical;
    }
  }
  return undefined;
}

/** decodeURIComponent, with malformed percent-encoding as a 400 rather than a 500. */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw Object.assign(new URIError(`malformed percent-encoding in ${JSON.stringify(segment.slice(0, 100))}`), { status: 400 });
  }
}

/** Picks the encoding, answers If-None-Match with 304, and sends the bytes (no body for HEAD). */
export function send(req: Request, res: Response, resource: Resource): void {
  const accept = req.headers['accept-encoding'];
  const encoding: Encoding = accept ? ((req.acceptsEncodings('br', 'gzip', 'identity') || 'identity') as Encoding) : 'identity';
  const variant = resource.variants[encoding];
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch && resource.status === 200 && matchesAny(ifNoneMatch, resource.etags)) {
    res.writeHead(304, { ...resource.notModifiedHeaders, etag: variant.headers.etag });
    res.end();
    return;
  }
  res.writeHead(resource.status, variant.headers);
  res.end(req.method === 'HEAD' ? undefined : variant.body);
}

function matchesAny(header: string, etags: readonly string[]): boolean {
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => etags.includes(candidate.trim().replace(/^W\//, '')));
}

function setHeaders(res: Response, headers: Readonly<Record<string, string>>, except: readonly string[] = []): void {
  for (const [name, value] of Object.entries(headers)) if (!except.includes(name)) res.setHeader(name, value);
}

function methodNotAllowed(res: Response, page: Resource): void {
  setHeaders(res, page.notModifiedHeaders, ['cache-control', 'vary']);
  res.setHeader('allow', ALLOW);
  res.setHeader('cache-control', 'no-store');
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.statusCode = 405;
  res.end(`405 Method Not Allowed: this page answers ${ALLOW}.\n`);
}

/** Search results are cached as briefly as pages (they change with the content) and may be shared (no personal data). */
export const SEARCH_CACHE_CONTROL = 'public, max-age=60';

/**
 * `/search?q=…`: the one page rendered per request (template compiled once, index built at load).
 * Only the first `q` is read; the query is capped and escaped by the renderer. No search in the Site: 404.
 */
function serveSearch(site: () => Site): RequestHandler {
  return (req, res, next) => {
    const current = site();
    if (!current.renderSearch) return next();
    if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res, current.notFound);
    const query = new URLSearchParams(req.originalUrl.split('?')[1] ?? '').get('q') ?? '';
    const body = Buffer.from(current.renderSearch(query));
    setHeaders(res, current.notFound.notModifiedHeaders, ['cache-control', 'vary']);
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': String(body.length),
      'cache-control': SEARCH_CACHE_CONTROL,
      'x-robots-tag': 'noindex',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

/** The 404 page, with the table of contents. */
function notFound(site: () => Site): RequestHandler {
  return (req, res) => send(req, res, site().notFound);
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
      setHeaders(res, site().notFound.notModifiedHeaders, ['cache-control', 'vary']);
      res.setHeader('cache-control', 'no-store');
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.statusCode = status;
      res.end(`${status} Bad Request: the address could not be understood.\n`);
      return;
    }
    logError(error, req);
    send(req, res, site().serverError);
  };
}
