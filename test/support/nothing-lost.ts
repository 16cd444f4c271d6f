// Nothing lost: every non-empty line of the source text shows in what a reader gets. The one assertion each export is checked with.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { foldPunctuation } from '../../src/render/typography.js';
import { sourcePath } from './site.js';

/**
 * A source line as a reader sees it: without its turn dash or heading quotes, white space folded, and its quotes,
 * apostrophes and dashes in their straight form (the pages set them typographically: typography.ts).
 */
const asShown = (line: string): string =>
  foldPunctuation(line)
    .trim()
    .replace(/^- /, '')
    .replace(/^"(.*)"$/, '$1')
    .replace(/\s+/g, ' ');

/** The non-empty lines of `source` (default: the real source text) as a reader sees them, in order. */
export function sourceLines(source = readFileSync(sourcePath, 'utf8')): string[] {
  return source.split('\n').map(asShown).filter(Boolean);
}

/**
 * Asserts that every non-empty line of `source` (default: the real source text) is in `shown`, the text a reader
 * gets from `where` (white space folded, entities decoded); the message lists the lines missing. A quote, an
 * apostrophe or a dash counts as the same character in its straight and its typographic form (“ ” ‘ ’ — –), and
 * nothing else is folded.
 */
export function expectNothingLost(where: string, shown: string, source?: string): void {
  const lines = sourceLines(source);
  expect(lines.length, `lines in the source of ${where}`).toBeGreaterThan(0);
  const text = foldPunctuation(shown).replace(/\s+/g, ' ');
  expect(
    lines.filter((line) => !text.includes(line)),
    `source lines missing from ${where}`,
  ).toEqual([]);
}
