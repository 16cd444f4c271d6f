// The preview card's design: the image's size, the site's light palette, and the spacing and type sizes in px (the title's steps). Constants only.

/** The image's size in CSS px, which is also its size in pixels. */
export const PREVIEW_WIDTH = 1200;
export const PREVIEW_HEIGHT = 630;

// The site's light palette (public/style.css).
export const PAPER = '#fdfcf9';
export const INK = '#1d1b18';
export const MUTED = '#5b554d';
export const RULE = '#d9d3c7';
export const ACCENT = '#8a1c1c';
export const RULE_DARK = '#a39b8e';

// Layout, in px. The title's box is what is left between the kicker and the footer.
export const PAD_X = 80;
export const BAR = 10;
export const PAD_TOP = 58;
export const PAD_BOTTOM = 50;
export const KICKER = { size: 27, line: 32, gap: 24, tracking: 0.1 } as const;
export const SPEAKER = { size: 30, line: 38, gap: 20 } as const;
export const FOOTER = { size: 27, line: 34, rule: 2, pad: 22, gap: 32, dot: 40, between: 40 } as const;
export const CONTENT_WIDTH = PREVIEW_WIDTH - 2 * PAD_X;
export const TITLE_REGION =
  PREVIEW_HEIGHT -
  BAR -
  PAD_TOP -
  KICKER.line -
  KICKER.gap -
  FOOTER.gap -
  FOOTER.rule -
  FOOTER.pad -
  FOOTER.line -
  PAD_BOTTOM;

/** Title sizes tried in turn, largest first, each with at most so many lines (display sizes read best on three); line heights are whole px (satori rounds them). */
export const TITLE_STEPS: readonly { size: number; line: number; lines: number }[] = [
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
export const SLACK = 0.99;
/** The title's letter spacing, in em (slightly tight, as display type is). */
export const TITLE_TRACKING = -0.005;
