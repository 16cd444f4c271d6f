// One response built in advance: its bytes in each encoding, its strong ETags and every header, fixed once.
import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

export type Encoding = 'br' | 'gzip' | 'identity';

/** One encoding of a response: its body and every header sent with it, for a 200 and for a 304. */
export interface Variant {
  readonly body: Buffer;
  /** This variant's strong ETag, quoted. */
  readonly etag: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Headers for a 304 answering a request that would have got this variant: the caching headers and this ETag, no body headers. */
  readonly notModifiedHeaders: Readonly<Record<string, string>>;
}

/** A response built in advance. */
export interface Resource {
  readonly status: number;
  /** Every ETag the resource is sent with (one per encoding). If-None-Match is checked against the one of the variant chosen. */
  readonly etags: readonly string[];
  readonly variants: Readonly<Record<Encoding, Variant>>;
  /** The headers common to every variant (security, caching, Vary), without ETag or body headers. */
  readonly notModifiedHeaders: Readonly<Record<string, string>>;
}

/** Cache policy for HTML: fresh for a minute, then revalidated with the ETag; a stale copy may be served while that happens. */
export const HTML_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600';
/** Redirects: kept an hour, so a changed redirect (from the anchor lock) is picked up soon. */
export const REDIRECT_CACHE_CONTROL = 'public, max-age=3600';
/** Search results are cached as briefly as pages (they change with the content) and may be shared (no personal data). */
export const SEARCH_CACHE_CONTROL = 'public, max-age=60';
/** Hashed asset URLs never change content. */
export const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.woff2': 'font/woff2',
  '.epub': 'application/epub+zip',
};
export const HTML = 'text/html; charset=utf-8';

/** A file from `public/` (or a font from a package): its name and bytes. */
export interface AssetFile {
  readonly name: string;
  readonly body: Buffer;
}

export const hash = (bytes: Buffer | string, length = 16): string =>
  createHash('sha256').update(bytes).digest('base64url').slice(0, length);

/** The content-hashed URL of a public file: `style.css` → `/assets/style.<hash>.css`. */
export function assetUrl(asset: AssetFile): string {
  const extension = extname(asset.name);
  return `/assets/${asset.name.slice(0, asset.name.length - extension.length)}.${hash(asset.body, 10)}${extension}`;
}

/**
 * Brotli quality for a site whose bodies add up to `totalBytes`. Compression is done once, so a site of up to
 * 1 MB (a real interview's is about 100 KB) gets the best, 11, at about 0.7 ms per KB of start-up. A larger one
 * gets 4, which runs at about 100 MB/s and still beats gzip -6 on text: start-up stays linear in the document
 * and within seconds for 10 MB. gzip follows: level 9 for the small site, 4 for the large.
 */
export function brotliQuality(totalBytes: number): number {
  return totalBytes <= 1024 * 1024 ? zlib.BROTLI_MAX_QUALITY : 4;
}

/**
 * Builds a response: compresses it both ways (once, as small as start-up time allows), hashes it,
 * and fixes its headers. `extraHeaders` (the security headers) go on every variant and on the 304.
 */
export function buildResource(
  status: number,
  body: Buffer,
  contentType: string,
  cacheControl: string,
  extraHeaders: Readonly<Record<string, string>>,
  quality: number = zlib.BROTLI_MAX_QUALITY,
): Resource {
  const tag = hash(body, 22);
  const compressible = !/^image\/(png|x-icon)|^font\/|^application\/(epub\+)?zip/.test(contentType);
  const encoded: Record<Encoding, Buffer> = {
    identity: body,
    gzip: compressible ? gzipSync(body, { level: quality === zlib.BROTLI_MAX_QUALITY ? 9 : 4 }) : body,
    br: compressible
      ? brotliCompressSync(body, {
          params: {
            [zlib.BROTLI_PARAM_QUALITY]: quality,
            [zlib.BROTLI_PARAM_SIZE_HINT]: body.length,
            [zlib.BROTLI_PARAM_MODE]: contentType.startsWith('text/')
              ? zlib.BROTLI_MODE_TEXT
              : zlib.BROTLI_MODE_GENERIC,
          },
        })
      : body,
  };
  const common = { ...extraHeaders, 'cache-control': cacheControl, vary: 'Accept-Encoding' };
  const variant = (encoding: Encoding): Variant => {
    // An encoding that does not make the body smaller is not worth sending: fall back to identity.
    const useEncoding = encoding !== 'identity' && encoded[encoding].length < body.length ? encoding : 'identity';
    const bytes = encoded[useEncoding];
    const etag = useEncoding === 'identity' ? `"${tag}"` : `"${tag}-${useEncoding === 'br' ? 'br' : 'gz'}"`;
    return {
      body: bytes,
      etag,
      headers: {
        ...common,
        'content-type': contentType,
        'content-length': String(bytes.length),
        etag,
        ...(useEncoding === 'identity' ? {} : { 'content-encoding': useEncoding }),
      },
      notModifiedHeaders: { ...common, etag },
    };
  };
  const variants = { identity: variant('identity'), gzip: variant('gzip'), br: variant('br') };
  return {
    status,
    etags: [...new Set(Object.values(variants).map((v) => v.etag))],
    variants,
    notModifiedHeaders: common,
  };
}

/**
 * A content-hashed URL: `/assets/<name>.<hash>.<ext>`, `/images/preview.<hash>.png`, `/downloads/interview.<hash>.epub`,
 * the hash being the first 10 characters of the body's sha256 (base64url). Its bytes never change, so a version that
 * is no longer current may still be asked for it; see docs/operations.md, "Old links".
 */
const HASHED_PATH = /^\/(?:assets\/[\w-]+|images\/preview|downloads\/interview)\.([\w-]{10})\.([a-z0-9]{2,5})$/;

/** Whether `path` is a content-hashed URL (HASHED_PATH). */
export const isHashedPath = (path: string): boolean => HASHED_PATH.test(path);

/** Whether `body` is the file `path` names: its hash matches the URL's. */
export const hashMatches = (path: string, body: Buffer): boolean => HASHED_PATH.exec(path)?.[1] === hash(body, 10);

/** A 404 for a hashed URL no version has: cached only briefly, since a worker about to switch versions may soon have it. */
export const UNKNOWN_HASHED_CACHE_CONTROL = 'no-store';
