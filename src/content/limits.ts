// The size limits of a content file, far above any real interview, checked on the text before it is parsed. Pure.
import { ContentError } from './errors.js';

/**
 * Largest content file accepted, in bytes: 10 MiB. The real interview is 13.5 KB; the scaling bench's generated
 * interview (500 sections of 10 questions) is 9.8 MB and builds within the figures in docs/performance.md.
 */
export const MAX_CONTENT_BYTES = 10 * 1024 * 1024;
/** Most questions accepted: 5,000 (the real interview has 9; a long one a few hundred). */
export const MAX_QUESTIONS = 5_000;
/** Longest paragraph (one line of the file) accepted, in characters: 20,000 (the real interview's longest is 784). */
export const MAX_PARAGRAPH_CHARACTERS = 20_000;

const thousands = (n: number) => n.toLocaleString('en');

/**
 * Refuses, before any parsing, a text past a limit: the paragraph (line) too long, or the turn that starts question
 * MAX_QUESTIONS + 1, each by its line. The byte size is checked by the loader, on the bytes.
 * @throws ContentError naming the file, the line and the limit.
 */
export function checkLimits(text: string, file: string): void {
  let turns = 0;
  let line = 1;
  for (let start = 0; start < text.length; line++) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    if (end - start > MAX_PARAGRAPH_CHARACTERS) {
      const length = text.slice(start, end).trim().length;
      if (length > MAX_PARAGRAPH_CHARACTERS)
        throw new ContentError(
          file,
          line,
          `a paragraph of ${thousands(length)} characters; the limit is ${thousands(MAX_PARAGRAPH_CHARACTERS)}`,
        );
    }
    // A question and its answer are two turns (lines starting "- "): the turn after 2 × MAX_QUESTIONS starts one more.
    if (/^[ \t]*- /.test(text.slice(start, Math.min(end, start + 64))) && ++turns > 2 * MAX_QUESTIONS)
      throw new ContentError(
        file,
        line,
        `more than ${thousands(MAX_QUESTIONS)} questions; the limit is ${thousands(MAX_QUESTIONS)}`,
      );
    start = end + 1;
  }
}
