// The preview images kept between builds, in a folder: a build (a reload's worker, the prestart step, a second server) renders only the cards that changed.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PreviewImageCache } from '../render/preview/index.js';

/** Where the images are kept under the project: the usual place for a tool's cache, outside the repository's files. */
export const PREVIEW_CACHE_DIR = 'node_modules/.cache/interview-reader/previews';

/** Most images kept; past that the least recently written go. The real interview has 15; each edit makes a few new ones. */
export const PREVIEW_CACHE_LIMIT = 400;

/**
 * A PreviewImageCache in `<root>/PREVIEW_CACHE_DIR`. A file's name is its key hashed with the installed packages
 * (npm's `node_modules/.package-lock.json`: satori's and resvg's versions decide the bytes too), so an upgrade misses
 * rather than serves an old image. Written to a temporary name and renamed, so a reader never sees half a file.
 * Never throws: a folder that cannot be read or written is a cache that misses, and the images are rendered.
 */
export function folderPreviewCache(root: string): PreviewImageCache & { prune(): void } {
  const dir = resolve(root, PREVIEW_CACHE_DIR);
  let packages: Buffer | string;
  try {
    packages = readFileSync(resolve(root, 'node_modules/.package-lock.json'));
  } catch {
    packages = '(no lock)';
  }
  const salt = createHash('sha256').update(packages).digest('hex');
  const fileFor = (key: string) =>
    join(dir, `${createHash('sha256').update(`${salt}\0${key}`).digest('base64url')}.png`);
  let written = 0;
  return {
    get(key) {
      try {
        return readFileSync(fileFor(key));
      } catch {
        return undefined;
      }
    },
    set(key, png) {
      const file = fileFor(key);
      const temporary = `${file}.${process.pid}.${written++}.tmp`;
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(temporary, png);
        renameSync(temporary, file);
      } catch {
        try {
          rmSync(temporary, { force: true });
        } catch {
          // No folder to leave a temporary file in.
        }
      }
    },
    /** Keeps the PREVIEW_CACHE_LIMIT most recently written images. */
    prune() {
      try {
        const files = readdirSync(dir).filter((name) => name.endsWith('.png'));
        if (files.length <= PREVIEW_CACHE_LIMIT) return;
        const byAge = files
          .map((name) => ({ name, at: statSync(join(dir, name)).mtimeMs }))
          .sort((a, b) => b.at - a.at);
        for (const { name } of byAge.slice(PREVIEW_CACHE_LIMIT)) rmSync(join(dir, name), { force: true });
      } catch {
        // Another process pruned first, or the folder is gone: nothing to keep tidy.
      }
    },
  };
}
