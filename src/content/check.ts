// Likely translation slips in a parsed interview, for a person to look at. Pure; never changes the text.
import { unsafeCharacters, visible } from './characters.js';
import type { Interview, Paragraph } from './model.js';

/** One thing worth a look, at a line of the content file. */
export interface SlipWarning {
  readonly line: number;
  readonly message: string;
}

/**
 * Two words with the space lost between them: a word that starts with two or more lower-case
 * letters and then goes on with a capitalised word (`nomassRussophobia`, `ofSouth`). Requiring
 * two lower-case letters first and a lower-case start leaves brand names alone (`iPhone`, `eBay`,
 * `McDonald`, `JavaScript`, `macOS`).
 */
const RUN_TOGETHER = /(?<![\p{L}\p{N}_])(\p{Ll}{2,})(\p{Lu}\p{Ll}+)/gu;
/** Link targets, URLs and code spans are not prose: they are left out of the run-together check. */
const NOT_PROSE = /\]\([^)]*\)|<[^>\s]*>|`[^`]*`|\b[a-z][a-z0-9+.-]*:\/\/\S*/gi;
/** A paragraph that starts in lower case: often a sentence fragment split off the paragraph before. */
const LOWER_CASE_START = /^\p{Ll}/u;

/**
 * Warnings, in line order:
 * - words run together (see RUN_TOGETHER), in every paragraph;
 * - a question with no question mark anywhere in it;
 * - an answer or lede paragraph that starts in lower case (a fragment?);
 * - a control character or an unbalanced bidi control (see characters.ts), which the pages leave out.
 * An interview with none of these gives [].
 */
export function findSlips(interview: Interview): SlipWarning[] {
  const warnings: SlipWarning[] = [];
  const check = (paragraph: Paragraph, continues: boolean) => {
    for (const unsafe of unsafeCharacters(paragraph.text)) {
      warnings.push({
        line: paragraph.line,
        message: `${unsafe.kind === 'control' ? 'a control character' : 'an unbalanced bidi control'} ${unsafe.name} after "${visible(paragraph.text.slice(Math.max(0, unsafe.index - 30), unsafe.index))}": left out of the pages`,
      });
    }
    for (const match of paragraph.text.replace(NOT_PROSE, ' ').matchAll(RUN_TOGETHER)) {
      warnings.push({
        line: paragraph.line,
        message: `words run together? "${match[0]}" (a space missing: "${match[1]} ${match[2]}"?)`,
      });
    }
    if (continues && LOWER_CASE_START.test(paragraph.text)) {
      warnings.push({
        line: paragraph.line,
        message: `a paragraph that starts in lower case: "${excerpt(paragraph.text)}" (a fragment of the one before?)`,
      });
    }
  };
  check(interview.headline, false);
  for (const paragraph of interview.lede) check(paragraph, true);
  for (const section of interview.sections) {
    check(section.title, false);
    for (const question of section.questions) {
      check(question.text, false);
      if (!question.text.text.includes('?')) {
        warnings.push({
          line: question.text.line,
          message: `a question with no question mark: "${excerpt(question.text.text)}" (a statement, or a lost "?")`,
        });
      }
      for (const paragraph of question.answer) check(paragraph, question.answer.indexOf(paragraph) > 0);
    }
  }
  return warnings.sort((a, b) => a.line - b.line);
}

const excerpt = (text: string): string => (text.length > 60 ? `${text.slice(0, 57)}…` : text);
