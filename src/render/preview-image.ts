// Link-preview (Open Graph) images: a card → a 1200×630 PNG, via satori (layout tree → SVG) and resvg (SVG → PNG), and its alt text. Pure: fonts come in as bytes.
import satori from 'satori';
import { renderAsync } from '@resvg/resvg-js';
import { PAPER, PREVIEW_HEIGHT, PREVIEW_WIDTH } from './preview-design.js';
import { prepareFonts, type PreviewFonts } from './preview-fonts.js';
import { previewLayout, type PreviewCard } from './preview-layout.js';
import { clampChars } from './preview-wrap.js';

/** The card as an SVG string (text drawn as paths, so the PNG step needs no fonts). */
export async function renderPreviewSvg(card: PreviewCard, fonts: PreviewFonts): Promise<string> {
  const layout = previewLayout(card, fonts);
  // satori types its element as React's ReactNode, and React's types are not installed; a `{ type, props }` object is what it reads.
  return satori(layout as unknown as Parameters<typeof satori>[0], {
    width: PREVIEW_WIDTH,
    height: PREVIEW_HEIGHT,
    fonts: prepareFonts(fonts).fonts,
  });
}

/**
 * The card as a 1200×630 PNG. Same card and fonts, same bytes. resvg rasterises on libuv's thread pool
 * (`renderAsync`), so most of the ~50–100 ms per image does not hold the event loop; satori's layout does.
 */
export async function renderPreviewImage(card: PreviewCard, fonts: PreviewFonts): Promise<Buffer> {
  const svg = await renderPreviewSvg(card, fonts);
  const image = await renderAsync(svg, {
    fitTo: { mode: 'original' },
    font: { loadSystemFonts: false }, // the text is already paths; no system font can change the result
    background: PAPER,
    logLevel: 'off',
  });
  return image.asPng();
}

/** The image's text as one sentence, for `og:image:alt` (at most 420 characters, the longest X accepts). */
export function previewAlt(card: PreviewCard): string {
  const end = (text: string): string => (/[.!?…]["'”’]?$/u.test(text) ? text : `${text}.`);
  const speaker = card.speaker ? ` — ${card.speaker}` : '';
  const tail = ` ${card.outlet} interview with ${card.interviewee}${card.note ? `; ${card.note.charAt(0).toLowerCase()}${card.note.slice(1)}` : ''}.`;
  const head = `${card.kicker}${speaker}: `;
  const room = 420 - head.length - tail.length;
  const title = card.title.length <= room ? card.title : clampChars(card.title, room);
  return `${head}${end(title)}${tail}`;
}
