// The cost of the preview images in a build of the real interview: the same build with and without them, side by side, cold and warm.
import { join } from 'node:path';
import { loadInputs, loadPreviewFonts } from '../../src/run/load.js';
import { buildSite, buildSiteWithPreviews } from '../../src/site/build.js';
const source = {
  root: join(import.meta.dirname, '../..'),
  contentFile: join(import.meta.dirname, '../../content/interview.md'),
  anchorsFile: join(import.meta.dirname, '../../content/anchors.lock.json'),
  baseUrl: 'http://localhost:3000',
  hsts: false,
};
const t0 = performance.now();
const inputs = loadInputs(source);
const t1 = performance.now();
buildSite(inputs);
const t2 = performance.now();
await buildSiteWithPreviews(inputs, loadPreviewFonts(source.root));
const t3 = performance.now();
buildSite(inputs);
const t4 = performance.now();
await buildSiteWithPreviews(inputs, loadPreviewFonts(source.root));
const t5 = performance.now();
console.log(
  `load ${Math.round(t1 - t0)} ms; cold build without images ${Math.round(t2 - t1)} ms; first build with images ${Math.round(t3 - t2)} ms (adds ${Math.round(t3 - t2 - (t2 - t1))} ms); warm: without ${Math.round(t4 - t3)} ms, with ${Math.round(t5 - t4)} ms (adds ${Math.round(t5 - t4 - (t4 - t3))} ms)`,
);
