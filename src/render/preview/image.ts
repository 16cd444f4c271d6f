// Link-preview (Open Graph) images: a card → a 1200×630 PNG, via satori (layout tree → SVG) and resvg (SVG → PNG); a plan's images; the alt text. Pure: fonts come in as bytes.
import { createHash } from 'node:crypto';
import satori from 'satori';
import { cutAtWord } from '../../content/words.js';
import { renderAsync } from '@resvg/resvg-js';
import type { PreviewImagePlan } from './cards.js';
import { PAPER, PREVIEW_HEIGHT, PREVIEW_WIDTH } from './design.js';
import { prepareFonts, type PreviewFonts } from './fonts.js';
import { previewLayout, type PreviewCard } from './layout.js';

/** The card as an SVG string (text drawn as paths, so the PNG step needs no fonts). */
export async function renderPreviewSvg(
  card: PreviewCard,
  fonts: PreviewFonts,
  layout = previewLayout(card, fonts),
): Promise<string> {
  // satori types its element as React's ReactNode; React's types are not installed, so that is `any`, and the
  // `{ type, props }` object it reads is passed as it is.
  return satori(layout, {
    width: PREVIEW_WIDTH,
    height: PREVIEW_HEIGHT,
    fonts: prepareFonts(fonts).fonts,
  });
}

/**
 * The card as a 1200×630 PNG. Same card and fonts, same bytes. resvg rasterises on libuv's thread pool
 * (`renderAsync`), so most of the ~50–100 ms per image does not hold the event loop; satori's layout does.
 */
export async function renderPreviewImage(
  card: PreviewCard,
  fonts: PreviewFonts,
  layout = previewLayout(card, fonts),
): Promise<Buffer> {
  const svg = await renderPreviewSvg(card, fonts, layout);
  const image = await renderAsync(svg, RESVG_OPTIONS);
  return image.asPng();
}

export const RESVG_OPTIONS = {
  fitTo: { mode: 'original' },
  font: { loadSystemFonts: false }, // the text is already paths; no system font can change the result
  background: PAPER,
  logLevel: 'off',
} as const;

/**
 * Images rendered by an earlier build, by key (previewImageKey). A build asks before it renders a card and hands
 * over what it rendered; whatever keeps them (src/run/preview-cache.ts: a folder) must key them by the renderers'
 * versions too, which this layer cannot see.
 */
export interface PreviewImageCache {
  get(key: string): Buffer | undefined;
  set(key: string, png: Buffer): void;
}

/** The fonts' bytes, hashed once per build: a key's share of them. */
function fontsDigest(fonts: PreviewFonts): string {
  const digest = createHash('sha256');
  for (const role of Object.keys(fonts).sort() as (keyof PreviewFonts)[]) {
    for (const bytes of fonts[role]) digest.update(`${role}\0${bytes.length}\0`).update(bytes);
  }
  return digest.digest('hex');
}

/**
 * What a card's PNG depends on, as a hash: the layout tree satori is given (every line of text where it is set, in
 * which face, size and colour, which is where the design and the card's words meet), the font bytes, the image size
 * and resvg's options. The same key, the same bytes.
 */
export function previewImageKey(layout: ReturnType<typeof previewLayout>, fontsHash: string): string {
  return createHash('sha256')
    .update(JSON.stringify({ layout, fontsHash, size: [PREVIEW_WIDTH, PREVIEW_HEIGHT], resvg: RESVG_OPTIONS }))
    .digest('base64url');
}

/**
 * Images rendered at once, at most: the build machine has two cores, and while resvg rasterises one image on libuv's
 * pool, satori lays out the next on the main thread.
 */
export const PREVIEW_RENDER_CONCURRENCY = 2;

/**
 * Every image of a plan, key → PNG, in the plan's order: the same bytes as `renderPreviewImage` one by one, at most
 * `PREVIEW_RENDER_CONCURRENCY` at a time. With a `cache`, a card whose image it holds is not rendered again, and each
 * one rendered is handed to it. Rejects with the first error, and starts no image after it.
 */
export async function renderPreviewImages(
  plan: PreviewImagePlan,
  fonts: PreviewFonts,
  cache?: PreviewImageCache,
): Promise<Map<string, Buffer>> {
  const { images } = plan;
  const pngs: Buffer[] = [];
  const fontsHash = cache ? fontsDigest(fonts) : '';
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < images.length) {
      const index = next++;
      try {
        const { card } = images[index]!;
        const layout = previewLayout(card, fonts);
        const key = cache ? previewImageKey(layout, fontsHash) : '';
        const kept = cache?.get(key);
        if (kept) pngs[index] = kept;
        else {
          pngs[index] = await renderPreviewImage(card, fonts, layout);
          cache?.set(key, pngs[index]);
        }
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PREVIEW_RENDER_CONCURRENCY, images.length) }, worker));
  return new Map(images.map(({ key }, index) => [key, pngs[index]!]));
}

/** The image's text as one sentence, for `og:image:alt` (at most 420 characters, the longest X accepts). */
export function previewAlt(card: PreviewCard): string {
  const end = (text: string): string => (/[.!?…]["'”’]?$/u.test(text) ? text : `${text}.`);
  const speaker = card.speaker ? ` — ${card.speaker}` : '';
  const tail = ` ${card.outlet} interview with ${card.interviewee}${card.note ? `; ${card.note.charAt(0).toLowerCase()}${card.note.slice(1)}` : ''}.`;
  const head = `${card.kicker}${speaker}: `;
  const room = 420 - head.length - tail.length;
  const title = cutAtWord(card.title, { chars: room });
  return `${head}${end(title)}${tail}`;
}
