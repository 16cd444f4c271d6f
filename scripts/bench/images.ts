// Preview-image cost: every card of the real interview (one by one, then the plan with renderPreviewImages); for the generated 10 MB one, a sample and the bounded plan, extrapolated. `npx tsx scripts/bench/images.ts [sample]`
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseInterview } from '../../src/content/parse.js';
import { planPreviewImages, PREVIEW_IMAGE_LIMIT, previewCards } from '../../src/render/preview/cards.js';
import { renderInterview } from '../../src/render/rendered.js';
import { loadPreviewFonts } from '../../src/run/load.js';
import type { PreviewFonts } from '../../src/render/preview/fonts.js';
import { PREVIEW_RENDER_CONCURRENCY, renderPreviewImage, renderPreviewImages } from '../../src/render/preview/image.js';
import type { PreviewCard } from '../../src/render/preview/layout.js';
import { generateInterview } from './generate.js';

const root = join(import.meta.dirname, '../..');
const sampleSize = Number(process.argv[2] ?? 50);
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

interface Run {
  /** Wall-clock time. */
  readonly ms: number;
  /** CPU time of the whole process (user + system, all threads: resvg rasterises on the libuv pool); less sensitive to a busy machine. */
  readonly cpuMs: number;
  readonly sizes: number[];
}

async function renderAll(cards: readonly PreviewCard[], fonts: PreviewFonts): Promise<Run> {
  const sizes: number[] = [];
  const start = performance.now();
  const cpu = process.cpuUsage();
  for (const card of cards) sizes.push((await renderPreviewImage(card, fonts)).length);
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, sizes };
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

function report(label: string, run: Run): void {
  const n = run.sizes.length;
  console.log(
    `${label}: ${n} images in ${run.ms.toFixed(0)} ms, ${(run.ms / n).toFixed(1)} ms per image (CPU ${(run.cpuMs / n).toFixed(1)} ms); ` +
      `${kb(sum(run.sizes))} in all, mean ${kb(sum(run.sizes) / n)}, max ${kb(Math.max(...run.sizes))}`,
  );
}

console.log(
  `load average ${loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')} (wall times grow with it; CPU times much less)`,
);

// Fonts: read once, parsed on the first render (satori's and the advance widths), reused after.
let t = performance.now();
const fonts = loadPreviewFonts(root);
const fontFiles = Object.values(fonts).flat();
console.log(
  `fonts: ${fontFiles.length} WOFF files (${kb(sum(fontFiles.map((file) => file.length)))}) read in ${(performance.now() - t).toFixed(1)} ms`,
);

const source = readFileSync(join(root, 'content/interview.md'), 'utf8');
const realRendered = renderInterview(parseInterview(source, 'content/interview.md'));
const real = previewCards(realRendered).map(({ card }) => card);
t = performance.now();
await renderPreviewImage(real[0]!, fonts);
console.log(`first render (satori's WASM and the fonts set up): ${(performance.now() - t).toFixed(0)} ms`);

report('real interview, cold', await renderAll(real, fonts));
const warm = await renderAll(real, fonts);
report('real interview, warm', warm);

// The build's way: the plan's images, PREVIEW_RENDER_CONCURRENCY at a time (satori lays out one while resvg rasterises another).
{
  const realPlan = planPreviewImages(realRendered);
  const start = performance.now();
  const cpu = process.cpuUsage();
  const pngs = await renderPreviewImages(realPlan, fonts);
  const used = process.cpuUsage(cpu);
  report(`real interview, renderPreviewImages (${PREVIEW_RENDER_CONCURRENCY} at a time)`, {
    ms: performance.now() - start,
    cpuMs: (used.user + used.system) / 1000,
    sizes: [...pngs.values()].map((png) => png.length),
  });
}

// Scale: the generated interview (500 sections × 10 questions, about 10 MB), sampled evenly.
const { file, bytes } = generateInterview(source);
t = performance.now();
const big = parseInterview(readFileSync(file, 'utf8'), file);
const parseMs = performance.now() - t;
rmSync(dirname(file), { recursive: true, force: true });
const bigRendered = renderInterview(big);
const bigCards = previewCards(bigRendered).map(({ card }) => card);
const sections = big.sections.length;
const questions = sum(big.sections.map((section) => section.questions.length));
console.log(
  `generated: ${mb(bytes)}, ${sections} sections, ${questions} questions → ${bigCards.length} cards (parsed in ${parseMs.toFixed(0)} ms)`,
);
const step = Math.max(1, Math.floor(bigCards.length / sampleSize));
const sample = bigCards.filter((_, index) => index % step === 0).slice(0, sampleSize);
const run = await renderAll(sample, fonts);
report(`generated, a sample of ${sample.length}`, run);
const perImage = run.cpuMs / sample.length; // CPU time: what a build on a free core would take
const meanBytes = sum(run.sizes) / sample.length;
const distinct = new Set(bigCards.map((card) => createHash('sha256').update(JSON.stringify(card)).digest('hex'))).size;
const estimate = (n: number, what: string): void =>
  console.log(
    `  ${what}: ${n} images ≈ ${((n * perImage) / 1000).toFixed(1)} s of one core, ≈ ${mb(n * meanBytes)} of PNG`,
  );
console.log(
  `extrapolated at ${perImage.toFixed(1)} ms of CPU and ${kb(meanBytes)} per image (${distinct} distinct cards):`,
);
estimate(bigCards.length, 'every page (home, full, sections, questions)');
estimate(2 + sections, 'home, full and sections; questions use their section image');
estimate(2 + sections + 100, 'the same and the first 100 questions');
estimate(200, 'a cap of 200 images in all (home, full, then pages in order)');

// The recommended bound, measured rather than extrapolated.
const plan = planPreviewImages(bigRendered);
const planned = await renderAll(
  plan.images.map(({ card }) => card),
  fonts,
);
report(`generated, planPreviewImages (limit ${PREVIEW_IMAGE_LIMIT}) for ${plan.pages.length} pages`, planned);
