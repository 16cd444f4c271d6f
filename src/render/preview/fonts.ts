// The preview images' fonts: the faces and their WOFF files, and the bytes → satori's font objects and the advance widths that fitting measures with. Pure.
import { mergeMetrics, readMetrics, type Metrics } from './metrics.js';

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

export const SERIF = 'Source Serif 4';
export const SANS = 'Source Sans 3';

const FACES: Readonly<
  Record<
    PreviewFontRole,
    { family: string; weight: 400 | 600 | 700; style: 'normal' | 'italic'; file: (subset: string) => string }
  >
> = {
  'serif-600': {
    family: SERIF,
    weight: 600,
    style: 'normal',
    file: (subset) => `node_modules/@fontsource/source-serif-4/files/source-serif-4-${subset}-600-normal.woff`,
  },
  'serif-400-italic': {
    family: SERIF,
    weight: 400,
    style: 'italic',
    file: (subset) => `node_modules/@fontsource/source-serif-4/files/source-serif-4-${subset}-400-italic.woff`,
  },
  'sans-400': {
    family: SANS,
    weight: 400,
    style: 'normal',
    file: (subset) => `node_modules/@fontsource/source-sans-3/files/source-sans-3-${subset}-400-normal.woff`,
  },
  'sans-700': {
    family: SANS,
    weight: 700,
    style: 'normal',
    file: (subset) => `node_modules/@fontsource/source-sans-3/files/source-sans-3-${subset}-700-normal.woff`,
  },
};

const ROLES = Object.keys(FACES) as PreviewFontRole[];

/** The name satori knows a face's subset by: the family itself for the first (latin), then "<family> <subset>". */
const subsetFamily = (family: string, index: number): string =>
  index === 0 ? family : `${family} ${PREVIEW_FONT_SUBSETS[index] ?? `subset ${index}`}`;

/** A `fontFamily` value: the family, then its other subsets, as fallbacks. */
export const familyStack = (family: string): string =>
  PREVIEW_FONT_SUBSETS.map((_, index) => `'${subsetFamily(family, index)}'`).join(', ');

/** The font files to read (WOFF), relative to the project root: each role's subsets, in `PREVIEW_FONT_SUBSETS` order. */
export function previewFontFiles(): readonly PreviewFontFile[] {
  return ROLES.flatMap((role) =>
    PREVIEW_FONT_SUBSETS.map((subset) => ({ role, subset, file: FACES[role].file(subset) })),
  );
}

/** One font as satori's `fonts` option takes it. */
export interface SatoriFont {
  readonly name: string;
  readonly data: Buffer;
  readonly weight: 400 | 600 | 700;
  readonly style: 'normal' | 'italic';
}

/** The fonts made ready to render and to measure with. */
export interface PreparedFonts {
  /** One array for all renders: satori keeps its parsed fonts for an array it has seen. */
  readonly fonts: SatoriFont[];
  readonly metrics: Readonly<Record<PreviewFontRole, Metrics>>;
}

// Parsing fonts is the costly part of a first render; the same PreviewFonts object is parsed once. The cache never changes a result.
const prepared = new WeakMap<PreviewFonts, PreparedFonts>();

/** The fonts for satori and each role's metrics (merged over its subsets); parsed once per `PreviewFonts` object. Throws when a role has no file. */
export function prepareFonts(fonts: PreviewFonts): PreparedFonts {
  const cached = prepared.get(fonts);
  if (cached) return cached;
  for (const role of ROLES) if (!fonts[role]?.length) throw new Error(`preview fonts: no file for ${role}`);
  const value: PreparedFonts = {
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
    metrics: Object.fromEntries(ROLES.map((role) => [role, mergeMetrics(fonts[role].map(readMetrics))])) as Record<
      PreviewFontRole,
      Metrics
    >,
  };
  prepared.set(fonts, value);
  return value;
}

/** The fonts as satori's `fonts` option takes them (one family per subset), for rendering a `previewLayout` tree directly. */
export function previewSatoriFonts(fonts: PreviewFonts): readonly SatoriFont[] {
  return prepareFonts(fonts).fonts;
}
