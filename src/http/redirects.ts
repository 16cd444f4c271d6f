// Where a path that is not a page redirects: renamed sections, a trailing slash, a percent-encoding variant. A malformed path is a 400, a long one a 414.
import type { Site } from '../site/site.js';

/** Longest request path looked at; a longer one is answered 414 (a real page path is under 120 characters). */
export const MAX_PATH_LENGTH = 2048;

/** The routes answered per request rather than prebuilt; a trailing slash on one of them redirects to it. */
const DYNAMIC_PATHS: ReadonlySet<string> = new Set(['/search', '/healthz']);

/**
 * The `q` parameter of a request URL, or null: the query runs from the first `?` to a `#`, as WHATWG URL parsing reads
 * it, so `?q=Korea?sanctions` is `Korea?sanctions`.
 */
export function queryParameter(url: string): string | null {
  const start = url.indexOf('?');
  if (start === -1) return null;
  const end = url.indexOf('#', start);
  return new URLSearchParams(url.slice(start + 1, end === -1 ? undefined : end)).get('q');
}

/** `/search/?q=a b&x=1` → `/search?q=a+b`: the only parameter read, encoded by URLSearchParams, so nothing raw reaches Location. */
function searchTarget(url: string): string {
  const query = queryParameter(url);
  return query === null ? '/search' : `/search?${new URLSearchParams({ q: query }).toString()}`;
}

/**
 * `/sections/1` → its slug URL; `/full/` → `/full`; `/search/?q=…` → `/search?q=…`; a percent-encoding variant of a
 * known path → that path. `url` is the request's, for the query the search keeps.
 */
export function redirectFor(site: Site, path: string, url: string): string | undefined {
  // Checked here, off the hot path: only paths that are not a page get this far.
  if (path.length > MAX_PATH_LENGTH) throw Object.assign(new Error('path too long'), { status: 414 });
  if (path.includes('%')) for (const segment of path.split('/')) decodePathSegment(segment);
  const direct = site.redirects.get(path);
  if (direct) return direct;
  if (path.length > 1 && path.endsWith('/')) {
    const trimmed = path.replace(/\/+$/, '') || '/';
    if (site.resources.has(trimmed)) return trimmed;
    if (DYNAMIC_PATHS.has(trimmed)) return trimmed === '/search' ? searchTarget(url) : trimmed;
    return site.redirects.get(trimmed);
  }
  if (path.includes('%')) {
    const canonical = path
      .split('/')
      .map((segment) => encodeURIComponent(decodePathSegment(segment)))
      .join('/');
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
    throw Object.assign(new URIError(`malformed percent-encoding in ${JSON.stringify(segment.slice(0, 100))}`), {
      status: 400,
    });
  }
}
