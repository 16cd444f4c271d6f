// The snapshot: a SiteData as bytes, and back. The one serialiser: the start-up file, a reload's reply from its worker, the static export's source.
import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import type { Resource } from './resource.js';
import type { SiteData } from './site.js';

/** The first bytes of a snapshot; the number changes whenever the stored shape does. */
const MAGIC = Buffer.from('interview-reader site snapshot 2\n');
const SHA256_BYTES = 32;

/** The snapshot's bytes: MAGIC, a SHA-256 of the payload, then the payload (v8.serialize keeps Map and Buffer). */
export function encodeSnapshot(site: SiteData, inputsFingerprint: string): Buffer {
  const { version, resources, redirects, notFound, serverError, assetUrls, search } = site;
  const data: SiteData = { version, resources, redirects, notFound, serverError, assetUrls, search };
  const payload = serialize({ fingerprint: inputsFingerprint, site: data });
  return Buffer.concat([MAGIC, createHash('sha256').update(payload).digest(), payload]);
}

/** What reading a snapshot found. */
export type SnapshotRead =
  | { readonly kind: 'loaded'; readonly site: SiteData }
  | { readonly kind: 'missing' }
  /** Built from other inputs than the current ones (content edited, code rebuilt, settings changed …). */
  | { readonly kind: 'stale' }
  /** Not a snapshot this code can read: truncated, damaged, from another version. */
  | { readonly kind: 'corrupt'; readonly reason: string };

/** Decodes snapshot bytes, and accepts them only when they were built from inputs with `inputsFingerprint`. Never throws. */
export function decodeSnapshot(bytes: Buffer, inputsFingerprint: string): SnapshotRead {
  if (bytes.length < MAGIC.length + SHA256_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    return { kind: 'corrupt', reason: 'not a snapshot of this format' };
  }
  const payload = bytes.subarray(MAGIC.length + SHA256_BYTES);
  if (
    !createHash('sha256')
      .update(payload)
      .digest()
      .equals(bytes.subarray(MAGIC.length, MAGIC.length + SHA256_BYTES))
  ) {
    return { kind: 'corrupt', reason: 'checksum mismatch' };
  }
  let stored: unknown;
  try {
    stored = deserialize(payload);
  } catch (error) {
    return { kind: 'corrupt', reason: `cannot be decoded (${(error as Error).message})` };
  }
  const record = stored as { fingerprint?: unknown; site?: Partial<SiteData> } | null;
  if (typeof record?.fingerprint !== 'string' || !isSiteData(record.site))
    return { kind: 'corrupt', reason: 'unexpected contents' };
  if (record.fingerprint !== inputsFingerprint) return { kind: 'stale' };
  shareHeaderValues(record.site);
  return { kind: 'loaded', site: record.site };
}

/**
 * Makes equal header values one string again. v8.deserialize gives every string its own copy (objects it shares,
 * strings it does not): for a large interview that is the same security and cache headers once per response, megabytes
 * of heap and objects for every major GC to mark. Decoded objects are fresh, so they are changed in place.
 */
function shareHeaderValues(site: SiteData): void {
  const canonical = new Map<string, string>();
  const share = (headers: Readonly<Record<string, string>>) => {
    const writable = headers as Record<string, string>;
    for (const name of Object.keys(writable)) {
      const value = writable[name]!;
      const first = canonical.get(value);
      if (first === undefined) canonical.set(value, value);
      else writable[name] = first;
    }
  };
  for (const resource of [...site.resources.values(), site.notFound, site.serverError]) {
    share(resource.notModifiedHeaders);
    for (const variant of Object.values(resource.variants)) {
      share(variant.headers);
      share(variant.notModifiedHeaders);
    }
  }
}

function isSiteData(site: Partial<SiteData> | undefined): site is SiteData {
  const isResource = (resource: Resource | undefined) =>
    resource !== undefined && typeof resource.status === 'number' && Buffer.isBuffer(resource.variants?.identity?.body);
  return (
    typeof site?.version === 'string' &&
    site.resources instanceof Map &&
    site.redirects instanceof Map &&
    site.assetUrls instanceof Map &&
    isResource(site.notFound) &&
    isResource(site.serverError) &&
    [...site.resources.values()].every(isResource) &&
    typeof site.search?.index?.miniSearch === 'string' &&
    Array.isArray(site.search.index.documents) &&
    typeof site.search.view?.common === 'object'
  );
}
