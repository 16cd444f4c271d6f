// The snapshot on disk (`dist/site.snapshot`): the fingerprint of every input of the build, and reading and writing the file.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeSnapshot, encodeSnapshot, type SnapshotRead } from '../site/snapshot.js';
import type { SiteData } from '../site/site.js';
import type { SiteSource } from './load.js';

/** The folder of the running code: `dist/` for `npm start`, `src/` under tsx. Its modules are inputs of the build. */
export const CODE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the snapshot lives unless SNAPSHOT_FILE says otherwise: beside the code that wrote it (`dist/site.snapshot`). */
export const DEFAULT_SNAPSHOT_FILE = join(CODE_DIR, 'site.snapshot');

/**
 * A hash of every input of the build: the content file and the anchor lock (their paths and bytes), every file in
 * `views/` and `public/`, the code's modules, the installed packages (npm's `node_modules/.package-lock.json`),
 * Node's own versions (zlib and brotli produce the compressed bytes), and SITE_URL and HSTS. A file that is missing
 * counts as such, so creating it changes the fingerprint too. Reads a few hundred KB: a few milliseconds.
 */
export function fingerprint(inputs: SiteSource): string {
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
  addFile('notes', inputs.notesFile ? resolve(inputs.notesFile) : '(none)');
  addFolder('views', resolve(inputs.root, 'views'));
  addFolder('public', resolve(inputs.root, 'public'));
  addFolder('code', inputs.codeDir ?? CODE_DIR, (name) => /\.(js|ts)$/.test(name));
  addFile('packages', resolve(inputs.root, 'node_modules/.package-lock.json'));
  return digest.digest('base64url');
}

/** Reads the snapshot at `file` for the current inputs. Never throws: a file that cannot be read is `missing` or `corrupt`. */
export function readSnapshot(file: string, inputsFingerprint: string): SnapshotRead {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? { kind: 'missing' }
      : { kind: 'corrupt', reason: `cannot be read (${code ?? String(error)})` };
  }
  return decodeSnapshot(bytes, inputsFingerprint);
}

/**
 * Writes the snapshot atomically (a temporary file renamed over the old one), so a reader never sees half of it. When
 * the write or the rename fails (a full disk), the temporary file is removed before the error is passed on.
 */
export function writeSnapshot(file: string, site: SiteData, inputsFingerprint: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, encodeSnapshot(site, inputsFingerprint));
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Removes the snapshot, if there is one (after a failed build, so no earlier one lingers). */
export function removeSnapshot(file: string): void {
  rmSync(file, { force: true });
}
