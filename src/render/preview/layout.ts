// A card's text → its layout tree for satori (plain `{ type, props }` elements, no JSX): the title's size and every text fitted to its box before layout. Pure.
import {
  ACCENT,
  BAR,
  CONTENT_WIDTH,
  FOOTER,
  INK,
  KICKER,
  MUTED,
  PAD_BOTTOM,
  PAD_TOP,
  PAD_X,
  PAPER,
  PREVIEW_HEIGHT,
  PREVIEW_WIDTH,
  RULE,
  RULE_DARK,
  SLACK,
  SPEAKER,
  TITLE_REGION,
  TITLE_STEPS,
  TITLE_TRACKING,
} from './design.js';
import { familyStack, prepareFonts, SANS, SERIF, type PreviewFontRole, type PreviewFonts } from './fonts.js';
import { measurer, type Measure, type Metrics } from './metrics.js';
import { wrapText, type Wrapped } from './wrap.js';

/** What one preview image says. Every field is plain text (no markup). */
export interface PreviewCard {
  /** Small label above the title, e.g. "Section 2 of 4" or "Question 6 of 9 · Izvestia asks". */
  readonly kicker: string;
  /** The headline, a section's title or a question: shrunk, then clamped with an ellipsis, to fit. */
  readonly title: string;
  /** Who speaks the title, in italics under it, e.g. "Georgy Zinoviev, Russian Ambassador to the Republic of Korea". */
  readonly speaker?: string;
  /** The publication, first in the footer. */
  readonly outlet: string;
  /** Who is interviewed, in the footer after the outlet ("Interview with …"); '' for none. */
  readonly interviewee: string;
  /** Footer note on the right, e.g. "Machine translation from Russian"; '' for none. */
  readonly note: string;
}

/** The title's size and text: the largest step at which it fits; at the smallest, clamped with an ellipsis. */
function fitTitle(title: string, metrics: Metrics, height: number): Wrapped & { size: number; line: number } {
  const width = CONTENT_WIDTH * SLACK;
  for (const step of TITLE_STEPS) {
    const maxLines = Math.max(1, Math.min(step.lines, Math.floor(height / step.line)));
    const fitted = wrapText(title, width, maxLines, measurer(metrics, step.size, TITLE_TRACKING));
    if (!fitted.clamped) return { size: step.size, line: step.line, ...fitted };
  }
  const smallest = TITLE_STEPS[TITLE_STEPS.length - 1]!;
  const maxLines = Math.max(1, Math.min(smallest.lines, Math.floor(height / smallest.line)));
  return {
    size: smallest.size,
    line: smallest.line,
    ...wrapText(title, width, maxLines, measurer(metrics, smallest.size, TITLE_TRACKING)),
  };
}

/** One line of label text, clamped with an ellipsis to `width`. */
const oneLine = (text: string, width: number, measure: Measure): string =>
  wrapText(text, width * SLACK, 1, measure).text;

/** A node of the card's layout: what satori reads (`{ type, props }`, as React elements are). */
export interface PreviewElement {
  readonly type: string;
  readonly props: {
    readonly style?: Record<string, string | number>;
    readonly children?: string | PreviewElement | readonly (PreviewElement | string)[];
  };
}

/** A layout node: satori's element shape. */
export const el = (
  type: string,
  style: Record<string, string | number>,
  children?: PreviewElement['props']['children'],
): PreviewElement => ({
  type,
  props: children === undefined ? { style } : { style, children },
});

/**
 * The headline's face (Source Serif 4 600, whose metrics `serif600` are) at `size` on `line` px, for a card and the
 * EPUB's cover alike: an opening quotation mark on `firstLine` hangs in the margin, so the words line up with the kicker.
 */
export function titleFace(
  serif600: Metrics,
  size: number,
  line: number,
  firstLine: string,
): Record<string, string | number> {
  const hangs = /^[“‘"']/u.exec(firstLine)?.[0];
  return {
    fontFamily: familyStack(SERIF),
    fontWeight: 600,
    fontSize: size,
    lineHeight: `${line}px`,
    letterSpacing: `${TITLE_TRACKING}em`,
    ...(hangs ? { textIndent: -Math.round(measurer(serif600, size, TITLE_TRACKING)(hangs)) } : {}),
  };
}

/** The characters of a card's text that no preview font has (they would be drawn as the empty box), each once, in order. */
export function missingGlyphs(card: PreviewCard, fonts: PreviewFonts): string[] {
  const { metrics } = prepareFonts(fonts);
  const checks: [string, PreviewFontRole][] = [
    [card.kicker.toUpperCase(), 'sans-700'],
    [card.title, 'serif-600'],
    [card.speaker ?? '', 'serif-400-italic'],
    [card.outlet, 'sans-700'],
    [`Interview with ${card.interviewee} ${card.note}`, 'sans-400'],
  ];
  const missing = new Set<string>();
  for (const [text, role] of checks) {
    for (const char of text)
      if (!/\s/u.test(char) && metrics[role].advance(char.codePointAt(0)!) === undefined) missing.add(char);
  }
  return [...missing];
}

/** How the card's title is set: its font size and line height in px, its lines, how many lines they take (a word wider than a line takes several), and whether text was left out (then the last line ends in "…"). */
export function previewTitle(
  card: PreviewCard,
  fonts: PreviewFonts,
): Wrapped & { size: number; line: number; maxHeight: number } {
  const maxHeight = TITLE_REGION - (card.speaker ? SPEAKER.gap + SPEAKER.line : 0);
  return { ...fitTitle(card.title, prepareFonts(fonts).metrics['serif-600'], maxHeight), maxHeight };
}

/** The element tree of a card, with every text already wrapped and clamped to its box. */
export function previewLayout(card: PreviewCard, fonts: PreviewFonts): PreviewElement {
  const { metrics } = prepareFonts(fonts);
  const kicker = oneLine(
    card.kicker.toUpperCase(),
    CONTENT_WIDTH,
    measurer(metrics['sans-700'], KICKER.size, KICKER.tracking),
  );
  const speaker = card.speaker
    ? oneLine(card.speaker, CONTENT_WIDTH, measurer(metrics['serif-400-italic'], SPEAKER.size))
    : '';
  const title = previewTitle(card, fonts);

  const footSans = measurer(metrics['sans-400'], FOOTER.size);
  const note = card.note ? oneLine(card.note, CONTENT_WIDTH * 0.45, footSans) : '';
  const leftWidth = CONTENT_WIDTH - (note ? footSans(note) + FOOTER.between : 0);
  const outlet = card.outlet ? oneLine(card.outlet, leftWidth * 0.5, measurer(metrics['sans-700'], FOOTER.size)) : '';
  const outletWidth = outlet ? measurer(metrics['sans-700'], FOOTER.size)(outlet) + FOOTER.dot : 0;
  const withWhom = card.interviewee
    ? oneLine(`Interview with ${card.interviewee}`, leftWidth - outletWidth, footSans)
    : '';

  const text = (lines: number): Record<string, string | number> => ({
    display: 'block',
    lineClamp: Math.max(1, lines), // a backstop: the text is already cut to fit, so this never cuts it again
    overflowWrap: 'break-word',
  });

  return el(
    'div',
    {
      display: 'flex',
      flexDirection: 'column',
      boxSizing: 'border-box',
      width: PREVIEW_WIDTH,
      height: PREVIEW_HEIGHT,
      backgroundColor: PAPER,
      color: INK,
      borderTop: `${BAR}px solid ${ACCENT}`,
      padding: `${PAD_TOP}px ${PAD_X}px ${PAD_BOTTOM}px`,
      fontFamily: familyStack(SANS),
    },
    [
      el(
        'div',
        {
          ...text(1),
          height: KICKER.line,
          flexShrink: 0,
          marginBottom: KICKER.gap,
          fontFamily: familyStack(SANS),
          fontWeight: 700,
          fontSize: KICKER.size,
          lineHeight: `${KICKER.line}px`,
          letterSpacing: `${KICKER.tracking}em`,
          color: ACCENT,
        },
        kicker,
      ),
      el(
        'div',
        { display: 'flex', flexDirection: 'column', justifyContent: 'center', height: TITLE_REGION, flexShrink: 0 },
        [
          el(
            'div',
            {
              ...text(title.count),
              ...titleFace(metrics['serif-600'], title.size, title.line, title.lines[0] ?? ''),
            },
            title.text,
          ),
          ...(speaker
            ? [
                el(
                  'div',
                  {
                    ...text(1),
                    marginTop: SPEAKER.gap,
                    height: SPEAKER.line,
                    fontFamily: familyStack(SERIF),
                    fontStyle: 'italic',
                    fontWeight: 400,
                    fontSize: SPEAKER.size,
                    lineHeight: `${SPEAKER.line}px`,
                    color: MUTED,
                  },
                  speaker,
                ),
              ]
            : []),
        ],
      ),
      el(
        'div',
        {
          display: 'flex',
          flexDirection: 'row',
          justifyContent: 'space-between',
          alignItems: 'center',
          marginTop: FOOTER.gap,
          paddingTop: FOOTER.pad,
          borderTop: `${FOOTER.rule}px solid ${RULE}`,
          height: FOOTER.line, // content box: the padding and the rule above add to it
          flexShrink: 0,
          fontSize: FOOTER.size,
          lineHeight: `${FOOTER.line}px`,
          color: MUTED,
        },
        [
          el('div', { display: 'flex', flexDirection: 'row' }, [
            ...(outlet ? [el('div', { display: 'flex', fontWeight: 700, color: INK }, outlet)] : []),
            ...(outlet && withWhom
              ? [el('div', { display: 'flex', width: FOOTER.dot, justifyContent: 'center', color: RULE_DARK }, '·')]
              : []),
            ...(withWhom ? [el('div', { display: 'flex', fontWeight: 400 }, withWhom)] : []),
          ]),
          ...(note ? [el('div', { display: 'flex', fontWeight: 400, whiteSpace: 'pre' }, note)] : []),
        ],
      ),
    ],
  );
}
