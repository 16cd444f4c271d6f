// The print stylesheet's one rule that depends on the content: the running head, the headline as his quotation. Pure.
import { cutAtWord } from '../content/words.js';
import type { RenderedInterview } from './rendered.js';
import { quotation, typesetText } from './typography.js';

/** A running head longer than this would wrap in the 106 mm column at 8 pt (about 95 characters fit): cut at a word. */
const RUNNING_HEAD_CHARS = 90;

/**
 * A CSS string holding `text` exactly: every character but printable ASCII, and `"` and `\`, written as a hex escape
 * (`\201c `), so the stylesheet stays ASCII and no text can end the string or the rule.
 */
function cssString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    out += code < 0x20 || code > 0x7e || char === '"' || char === '\\' ? `\\${code.toString(16)} ` : char;
  }
  return `${out}"`;
}

/**
 * The `@page` rule that puts the interview's headline, as the ambassador's quotation, in the top margin of every
 * printed page (public/style.css styles the box and leaves it off the first page, which has the headline itself).
 * A margin box cannot read the document (Chromium has no `string-set`), so the words are written into the stylesheet.
 */
export function printRunningHead(rendered: RenderedInterview): string {
  const headline = cutAtWord(typesetText(rendered.headline.text), { chars: RUNNING_HEAD_CHARS - 2 });
  return `@page{@top-left{content:${cssString(quotation(headline))}}}`;
}
