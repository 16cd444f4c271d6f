// The build snapshot: the Site's prebuilt responses, written once after `tsc` and read back at start-up while every input is unchanged.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import type { Resource, Site } from './site.js';

/** The folder of the running code: `dist/` for `npm start`, `src/` under tsx. Its modules are inputs of the build. */
export const CODE_DIR = dirname(fileURLToPath(import.meta.url));

/** Where the snapshot lives unless SNAPSHOT_FILE says otherwise: beside the code that wrote it (`dist/site.snapshot`). */
export const DEFAULT_SNAPSHOT_FILE = join(CODE_DIR, 'site.snapshot');

/** The first bytes of a snapshot file; the number changes whenever the stored shape does. */
const MAGIC = Buffer.from('interview-reader site snapshot 1\n');
const SHA256_BYTES = 32;

/** Everything that decides the bytes of the Site, as the server is configured. */
export interface SnapshotInputs {
  /** The project folder holding `views/`, `public/` and `node_modules/`. */
  readonly root: string;
  readonly contentFile: string;
  readonly anchorsFile?: string;
  readonly baseUrl: string;
  readonly hsts: boolean;
  /** The compiled (or, under tsx, source) modules that build the Site. Default: CODE_DIR. */
  readonly codeDir?: string;
}

/**
 * A hash of every input of the build: the content file and the anchor lock (their paths and bytes), every file in
 * `views/` and `public/`, the code's modules, the installed packages (npm's `node_modules/.package-lock.json`),
 * Node's own versions (zlib and brotli produce the compressed bytes), and SITE_URL and HSTS. A file that is missing
 * counts as such, so creating it changes the fingerprint too. Reads a few hundred KB: a few milliseconds.
 */
export function fingerprint(inputs: SnapshotInputs): string {
  const digest = createHash('sha256');
  const add = (label: string, bytes: Buffer | string) => {
    digest.update(`${label}\0${bytes.length}\0`);
    digest.update(bytes);
  };
  const addFile = (label: string, path: string) => {
    let bytes: Buffer | undefined;
    try {
      bytes = readFileSync(path);
    } catch {
      bytes = undefined;
    }
    add(`${label} ${path}`, bytes ?? '(missing)');
  };
  const addFolder = (label: string, dir: string, include: (name: string) => boolean = () => true) => {
    let names: string[];
    try {
      names = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(include).sort();
    } catch {
      names = [];
    }
    add(`${label} ${dir}`, names.join('\n'));
    for (const name of names) {
      const path = join(dir, name);
      try {
        add(`${label} ${name}`, readFileSync(path));
      } catch (error) {
        // A sub-folder (readdir lists them too) has no bytes of its own.
        if ((error as NodeJS.ErrnoException).code !== 'EISDIR') throw error;
      }
    }
  };
  const { node, v8, zlib, brotli } = process.versions;
  add('runtime', JSON.stringify({ node, v8, zlib, brotli }));
  add('settings', JSON.stringify({ baseUrl: inputs.baseUrl, hsts: inputs.hsts }));
  addFile('content', resolve(inputs.contentFile));
  addFile('anchors', inputs.anchorsFile ? resolve(inputs.anchorsFile) : '(none)');
  addFolder('views', resolve(inputs.root, 'views'));
  addFolder('public', resolve(inputs.root, 'public'));
  addFolder('code', inputs.codeDir ?? CODE_DIR, (name) => /\.(js|ts)$/.test(name));
  addFile('packages', resolve(inputs.root, 'node_modules/.package-lock.json'));
  return digest.digest('base64url');
}

/** The plain-data part of a Site: everything but the search, which is code. */
export type SnapshotSite = Omit<Site, 'renderSearch' | 'searchIndexPending'>;

/** The snapshot file's bytes: MAGIC, a SHA-256 of the payload, then the payload (v8.serialize keeps Map and Buffer). */
export function encodeSnapshot(site: Site, inputsFingerprint: string): Buffer {
  const { version, resources, redirects, notFound, serverError, assetUrls } = site;
  const payload = serialize({ fingerprint: inputsFingerprint, site: { version, resources, redirects, notFound, serverError, assetUrls } });
  return Buffer.concat([MAGIC, createHash('sha256').update(payload).digest(), payload]);
}

/** What reading a snapshot found. */
export type SnapshotRead =
  | { readonly kind: 'loaded'; readonly site: SnapshotSite }
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
  if (!createHash('sha256').update(payload).digest().equals(bytes.subarray(MAGIC.length, MAGIC.length + SHA256_BYTES))) {
    return { kind: 'corrupt', reason: 'checksum mismatch' };
  }
  let stored: unknown;
  try {
    stored = deserialize(payload);
  } catch (error) {
    return { kind: 'corrupt', reason: `cannot be decoded (${(error as Error).message})` };
  }
  const record = stored as { fingerprint?: unknown; site?: Partial<SnapshotSite> } | null;
  if (typeof record?.fingerprint !== 'string' || !isSnapshotSite(record.site)) return { kind: 'corrupt', reason: 'unexpected contents' };
  if (record.fingerprint !== inputsFingerprint) return { kind: 'stale' };
  shareHeaderValues(record.site);
  return { kind: 'loaded', site: record.site };
}

/**
 * Makes equal header values one string again. v8.deserialize gives every string its own copy (objects it shares,
 * strings it does not): for the 10 MB interview that was the same security and cache headers 33,000 times over,
 * 11 MB of heap and 400,000 more objects for every major GC to mark. Decoded objects are fresh, so they are changed
 * in place.
 */
function shareHeaderValues(site: SnapshotSite): void {
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

function isSnapshotSite(site: Partial<SnapshotSite> | undefined): site is SnapshotSite {
  const isResource = (resource: Resource | undefined) =>
    resource !== undefined && typeof resource.status === 'number' && Buffer.isBuffer(resource.variants?.identity?.body);
  return (
    typeof site?.version === 'string' &&
    site.resources instanceof Map &&
    site.redirects instanceof Map &&
    site.assetUrls instanceof Map &&
    isResource(site.notFound) &&
    isResource(site.serverError) &&
    [...site.resources.values()].every(isResource)
  );
}

/** Reads the snapshot at `file` for the current inputs. Never throws: a file that cannot be read is `missing` or `corrupt`. */
export function readSnapshot(file: string, inputsFingerprint: string): SnapshotRead {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { kind: 'missing' } : { kind: 'corrupt', reason: `cannot be read (${code ?? String(error)})` };
  }
  return decodeSnapshot(bytes, inputsFingerprint);
}

/** Writes the snapshot atomically (a temporary file renamed over the old one), so a reader never sees half of it. */
export function writeSnapshot(file: string, site: Site, inputsFingerprint: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, encodeSnapshot(site, inputsFingerprint));
  renameSync(temporary, file);
}

/** Removes the snapshot, if there is one (after a failed build, so no earlier one lingers). */
export function removeSnapshot(file: string): void {
  rmSync(file, { force: true });
}

/** `file` relative to the working directory, for messages. */
export const displayPath = (file: string): string => relative(process.cwd(), file) || file;
