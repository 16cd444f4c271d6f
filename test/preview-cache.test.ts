// The folder of preview images kept between builds: what it keeps, what it misses, and that it never fails a build.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderPreviewCache, PREVIEW_CACHE_DIR, PREVIEW_CACHE_LIMIT } from '../src/run/preview-cache.js';

/** A project folder with its own node_modules/.package-lock.json (what the file names are salted with). */
function project(lock = '{"packages":{}}'): string {
  const root = mkdtempSync(join(tmpdir(), 'preview-cache-'));
  mkdirSync(join(root, 'node_modules'));
  writeFileSync(join(root, 'node_modules/.package-lock.json'), lock);
  return root;
}

describe('folderPreviewCache', () => {
  it('gives back the bytes it was handed, to another instance too, and nothing for an unknown key', () => {
    const root = project();
    folderPreviewCache(root).set('card-a', Buffer.from('png a'));
    expect(folderPreviewCache(root).get('card-a')?.toString()).toBe('png a');
    expect(folderPreviewCache(root).get('card-b')).toBeUndefined();
    // Written whole under its final name: no temporary file is left.
    expect(readdirSync(join(root, PREVIEW_CACHE_DIR)).every((name) => name.endsWith('.png'))).toBe(true);
  });

  it('misses after the installed packages change, since satori and resvg decide the bytes too', () => {
    const root = project('{"packages":{"node_modules/satori":{"version":"0.63.2"}}}');
    folderPreviewCache(root).set('card-a', Buffer.from('png a'));
    writeFileSync(
      join(root, 'node_modules/.package-lock.json'),
      '{"packages":{"node_modules/satori":{"version":"0.64.0"}}}',
    );
    expect(folderPreviewCache(root).get('card-a')).toBeUndefined();
  });

  it('never throws: a folder it cannot make is a cache that misses', () => {
    // A project "folder" that is a file: nothing can be made inside it (file modes would not do: root ignores them).
    const notAFolder = join(project(), 'not-a-folder');
    writeFileSync(notAFolder, '');
    expect(() => folderPreviewCache(notAFolder).set('card-a', Buffer.from('x'))).not.toThrow();
    expect(folderPreviewCache(notAFolder).get('card-a')).toBeUndefined();
    expect(() => folderPreviewCache(notAFolder).prune()).not.toThrow();
  });

  it('keeps the most recently written PREVIEW_CACHE_LIMIT images when pruned', () => {
    const root = project();
    const cache = folderPreviewCache(root);
    const dir = join(root, PREVIEW_CACHE_DIR);
    for (let i = 0; i < PREVIEW_CACHE_LIMIT + 5; i += 1) cache.set(`card-${i}`, Buffer.from(`png ${i}`));
    // Their ages, oldest first by number, set explicitly rather than hoping the clock ticks between writes.
    const names = readdirSync(dir);
    expect(names).toHaveLength(PREVIEW_CACHE_LIMIT + 5);
    for (const name of names) {
      const i = Number(readFileSync(join(dir, name), 'utf8').replace('png ', ''));
      const at = new Date(Date.UTC(2026, 0, 1) + i * 1000);
      utimesSync(join(dir, name), at, at);
    }
    cache.prune();
    expect(readdirSync(dir)).toHaveLength(PREVIEW_CACHE_LIMIT);
    for (let i = 0; i < 5; i += 1) expect(cache.get(`card-${i}`), `card-${i}`).toBeUndefined();
    expect(cache.get(`card-${PREVIEW_CACHE_LIMIT + 4}`)?.toString()).toBe(`png ${PREVIEW_CACHE_LIMIT + 4}`);
  });
});
