// Accept-Encoding → which prebuilt variant to send: negotiator's RFC 9110 rules, memoised per header value.
import Negotiator from 'negotiator';
import type { Encoding } from '../site/resource.js';

/** Our encodings, best first: on equal q-values brotli wins over gzip, which wins over none. */
const AVAILABLE: readonly Encoding[] = ['br', 'gzip', 'identity'];

/** negotiator 1.x takes `{ preferred }` to break q-value ties; @types/negotiator (0.6) does not declare it yet. */
interface EncodingNegotiator {
  encodings(available: readonly string[], options: { preferred: readonly string[] }): string[];
}

/** Distinct header values remembered; clients send a handful, so this bounds memory against junk headers. */
const CACHE_LIMIT = 256;
/** Longer header values are negotiated every time rather than remembered. */
const CACHE_KEY_LIMIT = 200;
const cache = new Map<string, Encoding>();

/**
 * The encoding to send for an `Accept-Encoding` value. No header, an empty one, or one that rules out every
 * encoding we have (`identity;q=0` with no `br` or `gzip`) gets `identity`: the body as it is, which every client reads.
 * `q=0` excludes an encoding; `*` stands for any not named; among equal q-values `br` is preferred over `gzip`,
 * whatever order the client listed them in (browsers send `gzip, deflate, br`).
 */
export function negotiateEncoding(header: string | undefined): Encoding {
  if (!header) return 'identity';
  const known = cache.get(header);
  if (known !== undefined) return known;
  const negotiator = new Negotiator({ headers: { 'accept-encoding': header } }) as unknown as EncodingNegotiator;
  const encoding = (negotiator.encodings(AVAILABLE, { preferred: AVAILABLE })[0] ?? 'identity') as Encoding;
  if (header.length <= CACHE_KEY_LIMIT) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(header, encoding);
  }
  return encoding;
}
