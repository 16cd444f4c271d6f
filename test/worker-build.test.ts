// A reload's build in a worker thread, through its API: the same Site as a build on this thread, faults with file and line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ContentError } from '../src/errors.js';
import type { Interview } from '../src/model.js';
import { loadSearch, loadSite, type SiteSource } from '../src/load-site.js';
import { buildInWorker } from '../src/worker-build.js';
import { realContent, root } from './support/site.js';

const dir = mkdtempSync(join(tmpdir(), 'worker-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A content file in the temp folder with `text`, as a build source. */
function sourceWith(name: string, text: string): SiteSource {
  const contentFile = join(dir, name);
  writeFileSync(contentFile, text);
  return { root, contentFile, baseUrl: '', hsts: false };
}

const search = (source: SiteSource) => (interview: Interview) => loadSearch(source, interview);

describe('buildInWorker', { timeout: 60_000 }, () => {
  it('builds the same Site as a build on this thread, every response byte for byte, with a working search', async () => {
    const source = sourceWith('interview.md', realContent());
    const here = loadSite(source).site;
    const built = await buildInWorker(source, search(source));

    expect(built.version).toBe(here.version);
    expect([...built.resources.keys()]).toEqual([...here.resources.keys()]);
    for (const [path, resource] of here.resources) {
      const other = built.resources.get(path)!;
      for (const encoding of ['identity', 'gzip', 'br'] as const) {
        expect(other.variants[encoding].body.equals(resource.variants[encoding].body), `${path} ${encoding}`).toBe(true);
        expect(other.variants[encoding].headers).toEqual(resource.variants[encoding].headers);
      }
    }
    expect(built.redirects).toEqual(here.redirects);
    expect(built.renderSearch!('Korea')).toBe(here.renderSearch!('Korea'));
  });

  it('rejects with the ContentError of a content fault, file and line included', async () => {
    const heading = '"Seoul is interested in preserving trade and economic ties with Russia"\n';
    const broken = realContent().replace(heading, `${heading}A stray answer.\n`);
    const line = broken.split('\n').indexOf('A stray answer.') + 1;
    const source = sourceWith('broken.md', broken);

    let here: unknown;
    try {
      loadSite(source);
    } catch (caught) {
      here = caught;
    }

    const error: unknown = await buildInWorker(source, search(source)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ContentError);
    expect(error).toMatchObject({ line, file: expect.stringContaining('broken.md'), reason: expect.stringContaining('an answer before any question') });
    const { file, reason, message } = here as ContentError;
    expect(error).toMatchObject({ file, line: (here as ContentError).line, reason, message });
  });

  it('rejects when the content file is missing, and when a template is', async () => {
    const missing: SiteSource = { root, contentFile: join(dir, 'nowhere.md'), baseUrl: '', hsts: false };
    await expect(buildInWorker(missing, search(missing))).rejects.toBeInstanceOf(ContentError);
    const noViews = { ...sourceWith('interview-2.md', realContent()), root: dir };
    await expect(buildInWorker(noViews, search(noViews))).rejects.toThrow(/ENOENT.*views\/home\.ejs/);
  });

  it('stops a build that takes longer than its time limit and rejects, naming the limit', async () => {
    const source = sourceWith('interview-3.md', realContent());
    await expect(buildInWorker(source, search(source), 50)).rejects.toThrow('the build took longer than 0.05 s; its worker was stopped');
  });
});
