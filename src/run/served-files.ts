// The hashed files (images, EPUB, assets) of every version served lately, kept so that a URL once handed out keeps working: across reloads, workers and restarts.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { hashMatches, isHashedPath, type Resource } from '../site/resource.js';
import type { SiteData } from '../site/site.js';

/** Where the files are kept under the project, shared by every worker and kept across restarts. */
export const SERVED_FILES_DIR = 'node_modules/.cache/interview-reader/served';

/**
 * How long a hashed file is kept after the last version that had it stopped being current: the longest anything
 * naming it may be cached. `/interview.epub`'s redirect is cached for an hour (REDIRECT_CACHE_CONTROL); pages for 60 s
 * and then 600 s stale (HTML_CACHE_CONTROL); an hour covers both.
 */
export const KEEP_MS = 60 * 60 * 1000;

export interface ServedFiles {
  /**
   * Records `next` as the version about to be served, before it is: its hashed files are written (so another worker,
   * or this one after a restart, can send them) and marked as current now, and so are those of `previous`, which stop
   * being current now; files no version has had for KEEP_MS are removed. Never throws: when the folder cannot be
   * written, the previous version's files are kept in memory instead (for KEEP_MS), and `onError` says why (once).
   */
  publish(next: SiteData, previous?: SiteData): void;
  /** The bytes of a hashed URL that a version had within KEEP_MS, checked against the URL's hash; else undefined. */
  read(path: string): Buffer | undefined;
}

/** A ServedFiles in `<root>/SERVED_FILES_DIR` (in memory when that cannot be written). */
export function servedFilesFolder(
  root: string,
  onError: (error: unknown) => void,
  now: () => number = Date.now,
): ServedFiles {
  const dir = resolve(root, SERVED_FILES_DIR);
  /** The previous versions' files this process served: path → bytes and until when they are kept. */
  const retired = new Map<string, { body: Buffer; until: number }>();
  let failed = false;
  const fail = (error: unknown) => {
    if (!failed) onError(error);
    failed = true;
  };
  const hashedFiles = (site: SiteData): [string, Resource][] =>
    [...site.resources].filter(([path]) => isHashedPath(path));

  /** Writes the file if it is missing (to a temporary name, then renamed), and marks it as current now. */
  const keep = (path: string, body: Buffer, at: Date) => {
    const file = join(dir, path);
    try {
      utimesSync(file, at, at);
    } catch {
      mkdirSync(dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, body);
      utimesSync(temporary, at, at);
      renameSync(temporary, file);
    }
  };

  const prune = (current: SiteData) => {
    for (const folder of ['assets', 'images', 'downloads']) {
      let names: string[];
      try {
        names = readdirSync(join(dir, folder));
      } catch {
        continue;
      }
      for (const name of names) {
        const path = `/${folder}/${name}`;
        const file = join(dir, folder, name);
        try {
          if (!current.resources.has(path) && statSync(file).mtimeMs < now() - KEEP_MS) rmSync(file, { force: true });
        } catch {
          // Removed by another worker meanwhile.
        }
      }
    }
  };

  return {
    publish(next, previous) {
      const at = new Date(now());
      for (const [path, until] of [...retired].map(([key, value]) => [key, value.until] as const))
        if (until < now()) retired.delete(path);
      try {
        for (const site of previous ? [previous, next] : [next])
          for (const [path, resource] of hashedFiles(site)) keep(path, resource.variants.identity.body, at);
        prune(next);
      } catch (error) {
        fail(error);
      }
      // Only when the folder fails: in memory, an edit to a large interview's headline would hold every old image.
      if (previous && failed)
        for (const [path, resource] of hashedFiles(previous))
          if (!next.resources.has(path))
            retired.set(path, { body: resource.variants.identity.body, until: now() + KEEP_MS });
    },
    read(path) {
      if (!isHashedPath(path)) return undefined;
      const kept = retired.get(path);
      if (kept && kept.until >= now()) return kept.body;
      try {
        const body = readFileSync(join(dir, path));
        return hashMatches(path, body) ? body : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
