// The cost of the preview images in a build of the real interview, side by side: without them, with them rendered, and with them from the folder cache.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadInputs, loadPreviewFonts } from '../../src/run/load.js';
import { folderPreviewCache } from '../../src/run/preview-cache.js';
import { buildSite, buildSiteWithPreviews } from '../../src/site/build.js';

const root = join(import.meta.dirname, '../..');
const source = {
  root,
  contentFile: join(root, 'content/interview.md'),
  anchorsFile: join(root, 'content/anchors.lock.json'),
  baseUrl: 'http://localhost:3000',
  hsts: false,
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const time = async (work: () => unknown): Promise<number> => {
  const start = performance.now();
  await work();
  return performance.now() - start;
};

const inputs = loadInputs(source);
const fonts = loadPreviewFonts(root);
// A cache folder of its own (the project's node_modules/.cache is shared): an empty one per cold run.
const scratch = mkdtempSync(join(tmpdir(), 'preview-cache-'));
mkdirSync(join(scratch, 'node_modules'));
symlinkSync(join(root, 'node_modules/.package-lock.json'), join(scratch, 'node_modules/.package-lock.json'));
await buildSiteWithPreviews(inputs, fonts); // warm-up: the JIT and the fonts, for every variant alike
const without: number[] = [];
const rendered: number[] = [];
const cached: number[] = [];
for (let round = 0; round < 3; round++) {
  without.push(await time(() => buildSite(inputs)));
  rmSync(join(scratch, 'node_modules/.cache'), { recursive: true, force: true });
  rendered.push(await time(() => buildSiteWithPreviews(inputs, fonts, folderPreviewCache(scratch))));
  cached.push(await time(() => buildSiteWithPreviews(inputs, fonts, folderPreviewCache(scratch))));
}
rmSync(scratch, { recursive: true, force: true });
const [a, b, c] = [median(without), median(rendered), median(cached)];
console.log(
  `  build of the real interview (median of 3): without images ${Math.round(a)} ms; with images rendered ${Math.round(b)} ms; ` +
    `with images from the cache ${Math.round(c)} ms. The cache saves ${Math.round(b - c)} ms a build (rendered/cached ${(b / c).toFixed(2)})`,
);
