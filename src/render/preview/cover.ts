// The EPUB's cover: the home card's words (kicker, headline as a quotation, speaker, outlet, translation) as a portrait 1600×2560 PNG, in the preview images' type and palette. Pure: fonts come in as bytes.
import { renderAsync } from '@resvg/resvg-js';
import satori from 'satori';
import { ACCENT, INK, MUTED, PAPER, RULE, SLACK, TITLE_TRACKING } from './design.js';
import { familyStack, prepareFonts, SANS, SERIF, type PreviewFonts } from './fonts.js';
import { RESVG_OPTIONS } from './image.js';
import { el, titleFace, type PreviewCard, type PreviewElement } from './layout.js';
import { measurer } from './metrics.js';
import { wrapText } from './wrap.js';

/** A portrait e-reader's proportions, 1:1.6, at the size stores ask for (Apple Books, Kobo: 1600 px wide or more). */
export const COVER_WIDTH = 1600;
export const COVER_HEIGHT = 2560;

const PAD_X = 150;
const PAD_Y = 190;
const BAR = 24;
const WIDTH = COVER_WIDTH - 2 * PAD_X;
const KICKER = { size: 48, line: 58, gap: 90, tracking: 0.12 } as const;
const SPEAKER = { size: 56, line: 72, gap: 70, lines: 3 } as const;
const FOOT = { size: 46, line: 60, rule: 3, pad: 40, gap: 16 } as const;
/** Title sizes tried in turn, largest first, with the most lines each may take in the upper two thirds. */
const TITLE_STEPS = [
  { size: 132, line: 150, lines: 7 },
  { size: 116, line: 132, lines: 8 },
  { size: 100, line: 116, lines: 9 },
  { size: 86, line: 100, lines: 11 },
] as const;

/** The cover's layout tree: every text wrapped to its box before layout, as the preview cards are. */
export function coverLayout(card: PreviewCard, fonts: PreviewFonts): PreviewElement {
  const { metrics } = prepareFonts(fonts);
  const kicker = wrapText(
    card.kicker.toUpperCase(),
    WIDTH * SLACK,
    1,
    measurer(metrics['sans-700'], KICKER.size, KICKER.tracking),
  ).text;
  const step =
    TITLE_STEPS.find(
      (candidate) =>
        !wrapText(
          card.title,
          WIDTH * SLACK,
          candidate.lines,
          measurer(metrics['serif-600'], candidate.size, TITLE_TRACKING),
        ).clamped,
    ) ?? TITLE_STEPS[3];
  const title = wrapText(
    card.title,
    WIDTH * SLACK,
    step.lines,
    measurer(metrics['serif-600'], step.size, TITLE_TRACKING),
  );
  const speaker = card.speaker
    ? wrapText(card.speaker, WIDTH * SLACK, SPEAKER.lines, measurer(metrics['serif-400-italic'], SPEAKER.size))
    : null;
  const footLine = (text: string, role: 'sans-400' | 'sans-700') =>
    wrapText(text, WIDTH * SLACK, 1, measurer(metrics[role], FOOT.size)).text;
  const block = (lines: number, style: Record<string, string | number>, text: string) =>
    el('div', { display: 'block', lineClamp: Math.max(1, lines), overflowWrap: 'break-word', ...style }, text);

  return el(
    'div',
    {
      display: 'flex',
      flexDirection: 'column',
      justifyContent: 'space-between',
      boxSizing: 'border-box',
      width: COVER_WIDTH,
      height: COVER_HEIGHT,
      backgroundColor: PAPER,
      color: INK,
      borderTop: `${BAR}px solid ${ACCENT}`,
      padding: `${PAD_Y}px ${PAD_X}px`,
      fontFamily: familyStack(SANS),
    },
    [
      el('div', { display: 'flex', flexDirection: 'column' }, [
        block(
          1,
          {
            marginBottom: KICKER.gap,
            fontWeight: 700,
            fontSize: KICKER.size,
            lineHeight: `${KICKER.line}px`,
            letterSpacing: `${KICKER.tracking}em`,
            color: ACCENT,
          },
          kicker,
        ),
        block(title.count, titleFace(metrics['serif-600'], step.size, step.line, title.lines[0] ?? ''), title.text),
        ...(speaker
          ? [
              block(
                speaker.count,
                {
                  marginTop: SPEAKER.gap,
                  fontFamily: familyStack(SERIF),
                  fontStyle: 'italic',
                  fontWeight: 400,
                  fontSize: SPEAKER.size,
                  lineHeight: `${SPEAKER.line}px`,
                  color: MUTED,
                },
                speaker.text,
              ),
            ]
          : []),
      ]),
      el(
        'div',
        {
          display: 'flex',
          flexDirection: 'column',
          borderTop: `${FOOT.rule}px solid ${RULE}`,
          paddingTop: FOOT.pad,
          fontSize: FOOT.size,
          lineHeight: `${FOOT.line}px`,
        },
        [
          block(1, { fontWeight: 700, color: INK }, footLine(card.outlet, 'sans-700')),
          ...(card.note
            ? [block(1, { marginTop: FOOT.gap, fontWeight: 400, color: MUTED }, footLine(card.note, 'sans-400'))]
            : []),
        ],
      ),
    ],
  );
}

/** The cover as a PNG, 1600×2560. Same card and fonts, same bytes. */
export async function renderCoverImage(card: PreviewCard, fonts: PreviewFonts): Promise<Buffer> {
  // satori types its element as React's ReactNode, and React's types are not installed; a `{ type, props }` object is what it reads.
  const svg = await satori(coverLayout(card, fonts), {
    width: COVER_WIDTH,
    height: COVER_HEIGHT,
    fonts: prepareFonts(fonts).fonts,
  });
  return (await renderAsync(svg, RESVG_OPTIONS)).asPng();
}
