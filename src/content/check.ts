// Likely translation slips in a parsed interview, for a person to look at. Pure; never changes the text.
import { unsafeCharacters, visible } from './characters.js';
import type { Interview, Paragraph } from './model.js';
import { cutAtWord } from './words.js';

/** One thing worth a look, at a line of the content file. */
export interface SlipWarning {
  readonly line: number;
  readonly message: string;
  /** Where: the paragraph (as a note's place names it: `title.3`, `q6`, `q6.2`, `lede.1`, `headline`) and the words. */
  readonly at: readonly { readonly paragraph: string; readonly start: number; readonly end: number }[];
}

/**
 * One name written two ways in one text: the English spellings from Russian and from Ukrainian of the same places.
 * A machine translation mixes them; a reader takes them for two places.
 */
const SPELLING_PAIRS: readonly (readonly [string, string])[] = [
  ['Kiev', 'Kyiv'],
  ['Kharkov', 'Kharkiv'],
  ['Odessa', 'Odesa'],
  ['Lugansk', 'Luhansk'],
  ['Nikolaev', 'Mykolaiv'],
  ['Zaporozhye', 'Zaporizhzhia'],
];

/**
 * Russian abbreviations a machine translation expands one way or the other: "РК" is the Republic of Korea and the
 * Republic of Kazakhstan. When a text names both, the rarer is most likely the slip.
 */
const AMBIGUOUS: readonly { readonly abbreviation: string; readonly names: readonly string[] }[] = [
  { abbreviation: 'РК', names: ['Korea', 'Kazakhstan'] },
];

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
 * - one place spelt two ways (SPELLING_PAIRS), once, at its first line;
 * - the rarer expansion of an ambiguous abbreviation (AMBIGUOUS), at each occurrence.
 * - a control character or an unbalanced bidi control (see characters.ts), which the pages leave out.
 * An interview with none of these gives [].
 */
export function findSlips(interview: Interview): SlipWarning[] {
  const warnings: SlipWarning[] = [];
  const paragraphs = placed(interview);
  for (const { paragraph, key, continues, question } of paragraphs) {
    for (const unsafe of unsafeCharacters(paragraph.text)) {
      warnings.push({
        line: paragraph.line,
        message: `${unsafe.kind === 'control' ? 'a control character' : 'an unbalanced bidi control'} ${unsafe.name} after "${visible(paragraph.text.slice(Math.max(0, unsafe.index - 30), unsafe.index))}": left out of the pages`,
        at: [{ paragraph: key, start: unsafe.index, end: unsafe.index + 1 }],
      });
    }
    for (const match of paragraph.text.replace(NOT_PROSE, (text) => ' '.repeat(text.length)).matchAll(RUN_TOGETHER)) {
      warnings.push({
        line: paragraph.line,
        message: `words run together? "${match[0]}" (a space missing: "${match[1]} ${match[2]}"?)`,
        at: [{ paragraph: key, start: match.index, end: match.index + match[0].length }],
      });
    }
    const whole = [{ paragraph: key, start: 0, end: paragraph.text.length }];
    if (continues && LOWER_CASE_START.test(paragraph.text)) {
      warnings.push({
        line: paragraph.line,
        message: `a paragraph that starts in lower case: "${excerpt(paragraph.text)}" (a fragment of the one before?)`,
        at: whole,
      });
    }
    if (question && !paragraph.text.includes('?')) {
      warnings.push({
        line: paragraph.line,
        message: `a question with no question mark: "${excerpt(paragraph.text)}" (a statement, or a lost "?")`,
        at: whole,
      });
    }
  }
  const occurrences = (word: string) =>
    paragraphs.flatMap(({ paragraph, key }) =>
      [...paragraph.text.matchAll(new RegExp(`(?<![\\p{L}])${word}(?![\\p{L}])`, 'gu'))].map((match) => ({
        line: paragraph.line,
        at: { paragraph: key, start: match.index, end: match.index + word.length },
      })),
    );
  for (const pair of SPELLING_PAIRS) {
    const [first, second] = pair.map(occurrences) as [Found, Found];
    if (first.length === 0 || second.length === 0) continue;
    const all = [...first, ...second].sort((a, b) => a.line - b.line);
    warnings.push({
      line: all[0]!.line,
      message: `one place spelt two ways: "${pair[0]}" (line ${lines(first)}) and "${pair[1]}" (line ${lines(second)})`,
      at: all.map((found) => found.at),
    });
  }
  for (const { abbreviation, names } of AMBIGUOUS) {
    const found = names.map((name) => ({ name, where: occurrences(name) })).filter((entry) => entry.where.length > 0);
    if (found.length < 2) continue;
    const [usual, ...rarer] = found.sort((a, b) => b.where.length - a.where.length);
    for (const { name, where } of rarer) {
      for (const occurrence of where) {
        warnings.push({
          line: occurrence.line,
          message: `"${name}" in a text that names ${usual!.name} ${usual!.where.length} times: the Russian "${abbreviation}" stands for either; is ${usual!.name} meant?`,
          at: [occurrence.at],
        });
      }
    }
  }
  return warnings.sort((a, b) => a.line - b.line);
}

type Found = { line: number; at: { paragraph: string; start: number; end: number } }[];
const lines = (found: Found): string => [...new Set(found.map((entry) => entry.line))].join(', ');

/** Every paragraph with the key a note's place uses, whether it continues a turn, and whether it is a question. */
function placed(interview: Interview) {
  return [
    { paragraph: interview.headline, key: 'headline', continues: false, question: false },
    ...interview.lede.map((paragraph, k) => ({ paragraph, key: `lede.${k + 1}`, continues: true, question: false })),
    ...interview.sections.flatMap((section) => [
      { paragraph: section.title, key: `title.${section.number}`, continues: false, question: false },
      ...section.questions.flatMap((question) => [
        { paragraph: question.text, key: question.id, continues: false, question: true },
        ...question.answer.map((paragraph: Paragraph, k) => ({
          paragraph,
          key: question.paragraphIds[k]!,
          continues: k > 0,
          question: false,
        })),
      ]),
    ]),
  ];
}

/** A paragraph as a message quotes it. */
const excerpt = (text: string): string => cutAtWord(text, { chars: 60 });
