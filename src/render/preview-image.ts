// Link-preview (Open Graph) images: a card's text → a 1200×630 PNG, via satori (layout → SVG) and resvg (SVG → PNG). Pure: fonts come in as bytes.
import { inflateSync } from 'node:zlib';
import satori from 'satori';
import { renderAsync } from '@resvg/resvg-js';

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

/** The faces the card uses: the site's serif for the title and speaker, its sans for the labels. */
export type PreviewFontRole = 'serif-600' | 'serif-400-italic' | 'sans-400' | 'sans-700';

/** The Unicode subsets read for each face, in the order they are tried for a character (fontsource's file names). */
export const PREVIEW_FONT_SUBSETS = ['latin', 'latin-ext', 'cyrillic'] as const;
export type PreviewFontSubset = (typeof PREVIEW_FONT_SUBSETS)[number];

/**
 * The font files' bytes: for each role, one WOFF per subset in `PREVIEW_FONT_SUBSETS` order (satori reads WOFF and
 * TTF). Characters in none of them (Greek, CJK, emoji) are drawn as the font's empty box.
 */
export type PreviewFonts = Readonly<Record<PreviewFontRole, readonly Uint8Array[]>>;

/** One font file the loader must read. */
export interface PreviewFontFile {
  readonly role: PreviewFontRole;
  readonly subset: PreviewFontSubset;
  /** Path relative to the project root. */
  readonly file: string;
}

const SERIF = 'Source Serif 4';
const SANS = 'Source Sans 3';

const FACES: Readonly<Record<PreviewFontRole, { family: string; weight: 400 | 600 | 700; style: 'normal' | 'italic'; file: (subset: string) => string }>> = {
  'serif-600': { family: SERIF, weight: 600, style: 'normal', file: (subset) => `node_modules/@fontsource/source-serif-4/files/source-serif-4-${subset}-600-normal.woff` },
  'serif-400-italic': { family: SERIF, weight: 400, style: 'italic', file: (subset) => `node_modules/@fontsource/source-serif-4/files/source-serif-4-${subset}-400-italic.woff` },
  'sans-400': { family: SANS, weight: 400, style: 'normal', file: (subset) => `node_modules/@fontsource/source-sans-3/files/source-sans-3-${subset}-400-normal.woff` },
  'sans-700': { family: SANS, weight: 700, style: 'normal', file: (subset) => `node_modules/@fontsource/source-sans-3/files/source-sans-3-${subset}-700-normal.woff` },
};

const ROLES = Object.keys(FACES) as PreviewFontRole[];

/** The name satori knows a face's subset by: the family itself for the first (latin), then "<family> <subset>". */
const subsetFamily = (family: string, index: number): string =>
  index === 0 ? family : `${family} ${PREVIEW_FONT_SUBSETS[index] ?? `subset ${index}`}`;

/** A `fontFamily` value: the family, then its other subsets, as fallbacks. */
const familyStack = (family: string): string => PREVIEW_FONT_SUBSETS.map((_, index) => `'${subsetFamily(family, index)}'`).join(', ');

/** The font files to read (WOFF), relative to the project root: each role's subsets, in `PREVIEW_FONT_SUBSETS` order. */
export function previewFontFiles(): readonly PreviewFontFile[] {
  return ROLES.flatMap((role) => PREVIEW_FONT_SUBSETS.map((subset) => ({ role, subset, file: FACES[role].file(subset) })));
}

/** The image's size in CSS px, which is also its size in pixels. */
export const PREVIEW_WIDTH = 1200;
export const PREVIEW_HEIGHT = 630;

// The site's light palette (public/style.css).
const PAPER = '#fdfcf9';
const INK = '#1d1b18';
const MUTED = '#5b554d';
const RULE = '#d9d3c7';
const ACCENT = '#8a1c1c';
const RULE_DARK = '#a39b8e';

// Layout, in px. The title's box is what is left between the kicker and the footer.
const PAD_X = 80;
const BAR = 10;
const PAD_TOP = 58;
const PAD_BOTTOM = 50;
const KICKER = { size: 27, line: 32, gap: 24, tracking: 0.1 } as const;
const SPEAKER = { size: 30, line: 38, gap: 20 } as const;
const FOOTER = { size: 27, line: 34, rule: 2, pad: 22, gap: 32, dot: 40, between: 40 } as const;
const CONTENT_WIDTH = PREVIEW_WIDTH - 2 * PAD_X;
const TITLE_REGION =
  PREVIEW_HEIGHT - BAR - PAD_TOP - KICKER.line - KICKER.gap - FOOTER.gap - FOOTER.rule - FOOTER.pad - FOOTER.line - PAD_BOTTOM;

/** Title sizes tried in turn, largest first, each with at most so many lines (display sizes read best on three); line heights are whole px (satori rounds them). */
const TITLE_STEPS: readonly { size: number; line: number; lines: number }[] = [
  { size: 76, line: 86, lines: 3 },
  { size: 68, line: 78, lines: 3 },
  { size: 60, line: 70, lines: 4 },
  { size: 52, line: 62, lines: 5 },
  { size: 46, line: 56, lines: 6 },
  { size: 40, line: 50, lines: 7 },
];

/**
 * A share of the width kept free, in case satori breaks a line a little earlier than the measure. The measure is
 * within 0.5% of satori's widths for running text, and a little wider (it ignores kerning), so it errs on the safe side.
 */
const SLACK = 0.99;
/** The title's letter spacing, in em (slightly tight, as display type is). */
const TITLE_TRACKING = -0.005;

// ---------------------------------------------------------------------------------------------
// Font metrics: advance widths from the WOFF's cmap and hmtx tables, to wrap and clamp text
// before satori lays it out (satori cannot report where it broke the lines).

interface Metrics {
  readonly unitsPerEm: number;
  readonly advance: (codePoint: number) => number | undefined;
}

function woffTables(data: Uint8Array): Map<string, Buffer> {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (bytes.toString('latin1', 0, 4) !== 'wOFF') throw new Error('preview fonts must be WOFF files');
  const tables = new Map<string, Buffer>();
  const count = bytes.readUInt16BE(12);
  for (let i = 0; i < count; i++) {
    const entry = 44 + i * 20;
    const tag = bytes.toString('latin1', entry, entry + 4);
    const offset = bytes.readUInt32BE(entry + 4);
    const compressed = bytes.readUInt32BE(entry + 8);
    const original = bytes.readUInt32BE(entry + 12);
    if (!['cmap', 'hmtx', 'hhea', 'head'].includes(tag)) continue;
    const raw = bytes.subarray(offset, offset + compressed);
    tables.set(tag, compressed < original ? inflateSync(raw) : raw);
  }
  return tables;
}

/** Code point → glyph id, from a format 4 or 12 subtable of the cmap. */
function glyphMap(cmap: Buffer): Map<number, number> {
  const map = new Map<number, number>();
  const count = cmap.readUInt16BE(2);
  let best = -1;
  for (let i = 0; i < count; i++) {
    const platform = cmap.readUInt16BE(4 + i * 8);
    const encoding = cmap.readUInt16BE(6 + i * 8);
    const offset = cmap.readUInt32BE(8 + i * 8);
    const format = cmap.readUInt16BE(offset);
    if ((platform === 3 && (encoding === 1 || encoding === 10)) || platform === 0) {
      if (format === 12 || (format === 4 && best < 0)) best = offset;
    }
  }
  if (best < 0) throw new Error('preview font has no Unicode cmap');
  if (cmap.readUInt16BE(best) === 12) {
    const groups = cmap.readUInt32BE(best + 12);
    for (let g = 0; g < groups; g++) {
      const at = best + 16 + g * 12;
      const start = cmap.readUInt32BE(at);
      const end = cmap.readUInt32BE(at + 4);
      const glyph = cmap.readUInt32BE(at + 8);
      for (let c = start; c <= end && c - start < 0x10000; c++) map.set(c, glyph + c - start);
    }
    return map;
  }
  const segments = cmap.readUInt16BE(best + 6) / 2;
  const ends = best + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const ranges = deltas + segments * 2;
  for (let s = 0; s < segments; s++) {
    const end = cmap.readUInt16BE(ends + s * 2);
    const start = cmap.readUInt16BE(starts + s * 2);
    const delta = cmap.readInt16BE(deltas + s * 2);
    const rangeAt = ranges + s * 2;
    const range = cmap.readUInt16BE(rangeAt);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      const glyph = range === 0 ? (c + delta) & 0xffff : cmap.readUInt16BE(rangeAt + range + (c - start) * 2);
      if (glyph !== 0) map.set(c, range === 0 ? glyph : (glyph + delta) & 0xffff);
    }
  }
  return map;
}

function readMetrics(data: Uint8Array): Metrics {
  const tables = woffTables(data);
  const head = tables.get('head');
  const hhea = tables.get('hhea');
  const hmtx = tables.get('hmtx');
  const cmap = tables.get('cmap');
  if (!head || !hhea || !hmtx || !cmap) throw new Error('preview font lacks head, hhea, hmtx or cmap');
  const unitsPerEm = head.readUInt16BE(18);
  const longMetrics = hhea.readUInt16BE(34);
  const glyphs = glyphMap(cmap);
  return {
    unitsPerEm,
    advance: (codePoint) => {
      const glyph = glyphs.get(codePoint);
      if (glyph === undefined) return undefined;
      return hmtx.readUInt16BE(Math.min(glyph, longMetrics - 1) * 4);
    },
  };
}

/** Measures text at a size: the sum of the advances, plus letter spacing; unknown characters count as 0.6 em. */
type Measure = (text: string) => number;

const measurer = (metrics: Metrics, size: number, tracking = 0): Measure => (text) => {
  let units = 0;
  let count = 0;
  for (const char of text) {
    units += metrics.advance(char.codePointAt(0)!) ?? 0.6 * metrics.unitsPerEm;
    count++;
  }
  return (units / metrics.unitsPerEm) * size + tracking * size * count;
};

// ---------------------------------------------------------------------------------------------
// Fitting text: wrap greedily at spaces; clamp with an ellipsis at a word boundary.

const ELLIPSIS = '…';

/** Cuts a word to fit `width` with the ellipsis after it (for a word longer than a whole line). */
function cutWord(word: string, width: number, measure: Measure): string {
  const chars = [...word];
  while (chars.length > 1 && measure(chars.join('') + ELLIPSIS) > width) chars.pop();
  return chars.join('') + ELLIPSIS;
}

/** A piece of text between break opportunities, and whether a space comes before it. */
interface Piece {
  readonly text: string;
  readonly space: boolean;
}

const TRAILING = /[\s,;:.\u2013\u2014-]+$/u;

/** A cut line's ending: commas, dashes and a full stop give way to the ellipsis; after a question or exclamation mark, it follows a space. */
const ellipsised = (line: string): string => {
  const trimmed = line.replace(TRAILING, '');
  return /[?!]$/u.test(trimmed) ? `${trimmed} ${ELLIPSIS}` : `${trimmed}${ELLIPSIS}`;
};

/** Break opportunities as satori has them for Latin text: at spaces, and after a hyphen inside a word. */
const piecesOf = (text: string): Piece[] =>
  text
    .split(/\s+/u)
    .filter((word) => word !== '')
    .flatMap((word) => word.split(/(?<=\p{L}-)(?=\p{L})/u).map((part, index) => ({ text: part, space: index === 0 })));

const join = (line: string, piece: Piece): string => (line === '' ? piece.text : `${line}${piece.space ? ' ' : ''}${piece.text}`);

/** The last line of a clamped text: as many whole pieces as fit with an ellipsis, trailing punctuation dropped. */
function withEllipsis(pieces: readonly Piece[], width: number, measure: Measure): string {
  let line = '';
  for (const piece of pieces) {
    const next = join(line, piece);
    if (measure(ellipsised(next)) > width) break;
    line = next;
  }
  if (!line) return cutWord(pieces[0]?.text ?? '', width, measure);
  return ellipsised(line);
}

/** What wrapping gives: the lines, how many lines they take, whether text was left out, and the text to render. */
interface Wrapped {
  readonly lines: string[];
  /** Lines taken: more than `lines.length` when a word wider than a line is broken across several. */
  readonly count: number;
  /** Text was left out; the last line then ends in an ellipsis. */
  readonly clamped: boolean;
  /** The lines as one string, joined as in the source: with a space, or with none after a hyphen. */
  readonly text: string;
}

/** Lines of `text` wrapped to `width`, at most `maxLines`; the last one ends in an ellipsis when text was left out. */
function wrapText(text: string, width: number, maxLines: number, measure: Measure): Wrapped {
  const pieces = piecesOf(text);
  const joined = (): string => lines.map((line, i) => (i > 0 && pieces[starts[i]!]?.space ? ` ${line}` : line)).join('');
  const lines: string[] = [];
  const starts: number[] = []; // index of each line's first piece
  let extra = 0; // lines taken beyond one by words wider than a line, which satori breaks (overflowWrap)
  const used = (): number => lines.length + extra;
  let line = '';
  let lineStart = 0;
  let index = 0;
  while (index < pieces.length) {
    const piece = pieces[index]!;
    const next = join(line, piece);
    if (measure(next) <= width) {
      if (line === '') lineStart = index;
      line = next;
      index++;
    } else if (line) {
      lines.push(line);
      starts.push(lineStart);
      line = '';
      if (used() >= maxLines) break;
    } else {
      const taken = Math.ceil(measure(piece.text) / width);
      if (used() + taken > maxLines) break;
      extra += taken - 1;
      lineStart = index;
      line = piece.text;
      index++;
    }
  }
  if (line) {
    // The loop only ends with a line in hand when every piece is placed, with room for it.
    lines.push(line);
    starts.push(lineStart);
  }
  if (index >= pieces.length) return { lines, count: used(), clamped: false, text: joined() };
  // Text was left out: the last line takes the ellipsis, rebuilt from the pieces it had and the rest.
  let from = index;
  if (used() >= maxLines) {
    lines.pop();
    from = starts.pop() ?? index;
  }
  const rest = pieces.slice(from).map((piece, i) => (i === 0 ? { ...piece, space: false } : piece));
  lines.push(withEllipsis(rest, width, measure));
  starts.push(from);
  return { lines, count: used(), clamped: true, text: joined() };
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
  return { size: smallest.size, line: smallest.line, ...wrapText(title, width, maxLines, measurer(metrics, smallest.size, TITLE_TRACKING)) };
}

/** One line of label text, clamped with an ellipsis to `width`. */
const oneLine = (text: string, width: number, measure: Measure): string => wrapText(text, width * SLACK, 1, measure).text;

// ---------------------------------------------------------------------------------------------
// The card: plain `{ type, props }` elements for satori (no JSX).

/** A node of the card's layout: what satori reads (`{ type, props }`, as React elements are). */
export interface PreviewElement {
  readonly type: string;
  readonly props: { readonly style?: Record<string, string | number>; readonly children?: string | PreviewElement | readonly (PreviewElement | string)[] };
}

const el = (type: string, style: Record<string, string | number>, children?: PreviewElement['props']['children']): PreviewElement => ({
  type,
  props: children === undefined ? { style } : { style, children },
});

/** One font as satori's `fonts` option takes it. */
export interface SatoriFont {
  readonly name: string;
  readonly data: Buffer;
  readonly weight: 400 | 600 | 700;
  readonly style: 'normal' | 'italic';
}

interface Prepared {
  /** One array for all renders: satori keeps its parsed fonts for an array it has seen. */
  readonly fonts: SatoriFont[];
  readonly metrics: Readonly<Record<PreviewFontRole, Metrics>>;
}

// Parsing fonts is the costly part of a first render; the same PreviewFonts object is parsed once. The cache never changes a result.
const prepared = new WeakMap<PreviewFonts, Prepared>();

/** One face's metrics from its subsets: a character's advance comes from the first subset that has it. */
function mergeMetrics(subsets: readonly Metrics[]): Metrics {
  const unitsPerEm = subsets[0]?.unitsPerEm ?? 1000;
  return {
    unitsPerEm,
    advance: (codePoint) => {
      for (const metrics of subsets) {
        const advance = metrics.advance(codePoint);
        if (advance !== undefined) return (advance * unitsPerEm) / metrics.unitsPerEm;
      }
      return undefined;
    },
  };
}

function prepare(fonts: PreviewFonts): Prepared {
  const cached = prepared.get(fonts);
  if (cached) return cached;
  for (const role of ROLES) if (!fonts[role]?.length) throw new Error(`preview fonts: no file for ${role}`);
  const value: Prepared = {
    // Each subset is a family of its own ("Source Serif 4 cyrillic"), listed after the first in `fontFamily`:
    // satori does not look for a character in a second font of the same name.
    fonts: ROLES.flatMap((role) => {
      const { family, weight, style } = FACES[role];
      return fonts[role].map((data, index) => ({
        name: subsetFamily(family, index),
        data: Buffer.from(data.buffer, data.byteOffset, data.byteLength),
        weight,
        style,
      }));
    }),
    metrics: Object.fromEntries(ROLES.map((role) => [role, mergeMetrics(fonts[role].map(readMetrics))])) as Record<PreviewFontRole, Metrics>,
  };
  prepared.set(fonts, value);
  return value;
}

/** The fonts as satori's `fonts` option takes them (one family per subset), for rendering a `previewLayout` tree directly. */
export function previewSatoriFonts(fonts: PreviewFonts): readonly SatoriFont[] {
  return prepare(fonts).fonts;
}

/** The width in px of one line of `text` in a face at a size, as the fitting measures it (advance widths, no kerning). */
export function measurePreviewText(text: string, fonts: PreviewFonts, role: PreviewFontRole, size: number): number {
  return measurer(prepare(fonts).metrics[role], size)(text);
}

/** The characters of a card's text that no preview font has (they would be drawn as the empty box), each once, in order. */
export function missingGlyphs(card: PreviewCard, fonts: PreviewFonts): string[] {
  const { metrics } = prepare(fonts);
  const checks: [string, PreviewFontRole][] = [
    [card.kicker.toUpperCase(), 'sans-700'],
    [card.title, 'serif-600'],
    [card.speaker ?? '', 'serif-400-italic'],
    [card.outlet, 'sans-700'],
    [`Interview with ${card.interviewee} ${card.note}`, 'sans-400'],
  ];
  const missing = new Set<string>();
  for (const [text, role] of checks) {
    for (const char of text) if (!/\s/u.test(char) && metrics[role].advance(char.codePointAt(0)!) === undefined) missing.add(char);
  }
  return [...missing];
}

/** How the card's title is set: its font size and line height in px, its lines, how many lines they take (a word wider than a line takes several), and whether text was left out (then the last line ends in "…"). */
export function previewTitle(
  card: PreviewCard,
  fonts: PreviewFonts,
): Wrapped & { size: number; line: number; maxHeight: number } {
  const maxHeight = TITLE_REGION - (card.speaker ? SPEAKER.gap + SPEAKER.line : 0);
  return { ...fitTitle(card.title, prepare(fonts).metrics['serif-600'], maxHeight), maxHeight };
}

/** The element tree of a card, with every text already wrapped and clamped to its box. */
export function previewLayout(card: PreviewCard, fonts: PreviewFonts): PreviewElement {
  const { metrics } = prepare(fonts);
  const kicker = oneLine(card.kicker.toUpperCase(), CONTENT_WIDTH, measurer(metrics['sans-700'], KICKER.size, KICKER.tracking));
  const speaker = card.speaker ? oneLine(card.speaker, CONTENT_WIDTH, measurer(metrics['serif-400-italic'], SPEAKER.size)) : '';
  const title = previewTitle(card, fonts);
  const hangs = /^[“‘"']/u.exec(title.lines[0] ?? '')?.[0];

  const footSans = measurer(metrics['sans-400'], FOOTER.size);
  const note = card.note ? oneLine(card.note, CONTENT_WIDTH * 0.45, footSans) : '';
  const leftWidth = CONTENT_WIDTH - (note ? footSans(note) + FOOTER.between : 0);
  const outlet = card.outlet ? oneLine(card.outlet, leftWidth * 0.5, measurer(metrics['sans-700'], FOOTER.size)) : '';
  const outletWidth = outlet ? measurer(metrics['sans-700'], FOOTER.size)(outlet) + FOOTER.dot : 0;
  const withWhom = card.interviewee ? oneLine(`Interview with ${card.interviewee}`, leftWidth - outletWidth, footSans) : '';

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
              fontFamily: familyStack(SERIF),
              fontWeight: 600,
              fontSize: title.size,
              lineHeight: `${title.line}px`,
              letterSpacing: `${TITLE_TRACKING}em`,
              // An opening quotation mark hangs in the margin, so the words line up with the kicker.
              ...(hangs ? { textIndent: -Math.round(measurer(metrics['serif-600'], title.size, TITLE_TRACKING)(hangs)) } : {}),
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
            ...(outlet && withWhom ? [el('div', { display: 'flex', width: FOOTER.dot, justifyContent: 'center', color: RULE_DARK }, '·')] : []),
            ...(withWhom ? [el('div', { display: 'flex', fontWeight: 400 }, withWhom)] : []),
          ]),
          ...(note ? [el('div', { display: 'flex', fontWeight: 400, whiteSpace: 'pre' }, note)] : []),
        ],
      ),
    ],
  );
}

/** The card as an SVG string (text drawn as paths, so the PNG step needs no fonts). */
export async function renderPreviewSvg(card: PreviewCard, fonts: PreviewFonts): Promise<string> {
  const layout = previewLayout(card, fonts);
  // satori types its element as React's ReactNode, and React's types are not installed; a `{ type, props }` object is what it reads.
  return satori(layout as unknown as Parameters<typeof satori>[0], {
    width: PREVIEW_WIDTH,
    height: PREVIEW_HEIGHT,
    fonts: prepare(fonts).fonts,
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

/** Cuts text to at most `max` characters at a word boundary, with an ellipsis. */
function clampChars(text: string, max: number): string {
  if (max <= 1) return ELLIPSIS;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return ellipsised(space > 0 ? cut.slice(0, space) : cut);
}
