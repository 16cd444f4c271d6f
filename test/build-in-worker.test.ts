// A build in a worker thread (start-up without a snapshot, every reload), through its API: the same Site as a build on this thread, faults with file and line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ContentError } from '../src/content/errors.js';
import { buildInWorker } from '../src/run/build-in-worker.js';
import { buildFromDisk, type SiteSource } from '../src/run/load.js';
import { realContent, root } from './support/site.js';

const dir = mkdtempSync(join(tmpdir(), 'worker-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A content file in the temp folder with `text`, as a build source. */
function sourceWith(name: string, text: string): SiteSource {
  const contentFile = join(dir, name);
  writeFileSync(contentFile, text);
  return { root, contentFile, baseUrl: '', hsts: false };
}

describe('buildInWorker', { timeout: 60_000 }, () => {
  it('builds the same Site as a build on this thread, every response byte for byte, with a working search', async () => {
    const source = sourceWith('interview.md', realContent());
    const { site: here } = await buildFromDisk(source);
    const built = await buildInWorker(source);

    expect(built.version).toBe(here.version);
    expect([...built.resources.keys()]).toEqual([...here.resources.keys()]);
    for (const [path, resource] of here.resources) {
      const other = built.resources.get(path)!;
      for (const encoding of ['identity', 'gzip', 'br'] as const) {
        expect(other.variants[encoding].body.equals(resource.variants[encoding].body), `${path} ${encoding}`).toBe(
          true,
        );
        expect(other.variants[encoding].headers).toEqual(resource.variants[encoding].headers);
      }
    }
    expect(built.redirects).toEqual(here.redirects);
    expect(built.renderSearch('Korea')).toBe(here.renderSearch('Korea'));
  });

  it('rejects with the ContentError of a content fault, file and line included', async () => {
    const heading = '"Seoul is interested in preserving trade and economic ties with Russia"\n';
    const broken = realContent().replace(heading, `${heading}A stray answer.\n`);
    const line = broken.split('\n').indexOf('A stray answer.') + 1;
    const source = sourceWith('broken.md', broken);

    let here: unknown;
    try {
      await buildFromDisk(source);
    } catch (caught) {
      here = caught;
    }

    const error: unknown = await buildInWorker(source).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ContentError);
    expect(error).toMatchObject({ line });
    expect((error as ContentError).file).toContain('broken.md');
    expect((error as ContentError).reason).toContain('an answer before any question');
    const { file, reason, message } = here as ContentError;
    expect(error).toMatchObject({ file, line: (here as ContentError).line, reason, message });
  });

  it('rejects when the content file is missing, and when a template is', async () => {
    const missing: SiteSource = { root, contentFile: join(dir, 'nowhere.md'), baseUrl: '', hsts: false };
    await expect(buildInWorker(missing)).rejects.toBeInstanceOf(ContentError);
    const noViews = { ...sourceWith('interview-2.md', realContent()), root: dir };
    await expect(buildInWorker(noViews)).rejects.toThrow(/ENOENT.*views\/home\.ejs/);
  });

  it('stops a build that takes longer than its time limit and rejects, naming the limit', async () => {
    const source = sourceWith('interview-3.md', realContent());
    await expect(buildInWorker(source, 50)).rejects.toThrow(
      'the build took longer than 0.05 s; its worker was stopped',
    );
  });
});
