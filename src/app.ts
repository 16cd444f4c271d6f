// createApp: the Express app serving a prebuilt Site. It never listens; server.ts does.
import express, { type ErrorRequestHandler, type Express, type Request, type RequestHandler, type Response } from 'express';
import { negotiateEncoding } from './negotiate.js';
import type { Resource, Site } from './site.js';

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
    res.setHeader('cache-control', 'public, max-age=3600');
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
