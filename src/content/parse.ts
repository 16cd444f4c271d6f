// Text → Interview. Pure: takes the content file's text (front matter and body), never a path.
import matter from 'gray-matter';
import { ContentError } from './errors.js';
import type { Interview, InterviewMeta, Paragraph, Question, Section } from './model.js';
import { paragraphId, questionId, sectionSlugger } from './slug.js';

/** A heading: a whole line in straight double quotes, with something between them. */
const HEADING = /^"(.*[^\s].*)"$/;
/** A speaker turn: a dash and a space at the start of the paragraph. */
const TURN = '- ';

/**
 * Parses a content file into an Interview.
 *
 * @param text the whole file: optional YAML front matter between `---` lines, then the interview text.
 *   A byte-order mark and CRLF line endings are accepted.
 * @param file the name used in error messages; it is never opened.
 * @throws ContentError naming `file` and the line, for any fault; nothing else.
 */
export function parseInterview(text: string, file = 'interview'): Interview {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const { meta, body, firstLine } = splitFrontMatter(source, file);
  const fail = (line: number, reason: string): never => {
    throw new ContentError(file, line, reason);
  };

  // Non-empty lines, numbered as in the file; blank lines only separate.
  const lines: Paragraph[] = [];
  body.split('\n').forEach((raw, index) => {
    const textOfLine = raw.trim();
    if (textOfLine !== '') lines.push({ line: firstLine + index, text: textOfLine });
  });
  if (lines.length === 0) fail(firstLine, 'the file has no interview text (expected a headline in double quotes)');

  // The credit: the last line, when the front matter names it.
  let credit: Paragraph | null = null;
  if (meta.translation) {
    const last = lines[lines.length - 1]!;
    if (last.text !== meta.translation.credit) {
      fail(
        last.line,
        `the last line should be the translation credit named in the front matter ("${meta.translation.credit}")`,
      );
    }
    credit = last;
    lines.pop();
  }

  // The headline, then the lede up to the first heading.
  const [headlineLine, ...rest] = lines;
  if (!headlineLine) return fail(firstLine, 'the file has no headline before the translation credit');
  const headlineMatch = HEADING.exec(headlineLine.text);
  if (!headlineMatch) fail(headlineLine.line, 'the first line should be the headline, in double quotes');
  const headline: Paragraph = { line: headlineLine.line, text: headlineMatch![1]!.trim() };

  const lede: Paragraph[] = [];
  let cursor = 0;
  for (; cursor < rest.length && !HEADING.test(rest[cursor]!.text); cursor++) {
    const paragraph = rest[cursor]!;
    if (paragraph.text.startsWith(TURN) || paragraph.text === TURN.trim())
      fail(paragraph.line, 'a question before any section heading (a heading is a whole line in double quotes)');
    lede.push(paragraph);
  }

  // Sections: a heading, then turns that alternate question, answer; undashed paragraphs continue the answer.
  const slugFor = sectionSlugger();
  const titleLines = new Map<string, number>();
  const sections: Section[] = [];
  let questionCount = 0;
  while (cursor < rest.length) {
    const heading = rest[cursor++]!;
    const title = HEADING.exec(heading.text)![1]!.trim();
    const firstSeen = titleLines.get(title.toLowerCase());
    if (firstSeen !== undefined)
      fail(heading.line, `a second section titled "${title}" (the first is on line ${firstSeen})`);
    titleLines.set(title.toLowerCase(), heading.line);

    const questions: { text: Paragraph; answer: Paragraph[] }[] = [];
    for (; cursor < rest.length && !HEADING.test(rest[cursor]!.text); cursor++) {
      const paragraph = rest[cursor]!;
      const current = questions[questions.length - 1];
      if (paragraph.text.startsWith(TURN) || paragraph.text === TURN.trim()) {
        const turn: Paragraph = { line: paragraph.line, text: paragraph.text.slice(TURN.length).trim() };
        if (turn.text === '') fail(paragraph.line, 'a speaker turn with no words after the dash');
        if (current && current.answer.length === 0) current.answer.push(turn);
        else questions.push({ text: turn, answer: [] });
      } else if (!current) {
        fail(paragraph.line, 'an answer before any question (questions and answers start with "- ")');
      } else if (current.answer.length === 0) {
        fail(
          paragraph.line,
          `text after the question on line ${current.text.line} that is not an answer (an answer starts with "- ")`,
        );
      } else {
        current.answer.push(paragraph);
      }
    }
    if (questions.length === 0) fail(heading.line, `the section "${title}" has no question`);
    const unanswered = questions.find((question) => question.answer.length === 0);
    if (unanswered) fail(unanswered.text.line, 'a question with no answer');

    const number = sections.length + 1;
    sections.push({
      slug: slugFor(title, number),
      number,
      title: { line: heading.line, text: title },
      questions: questions.map((question): Question => {
        questionCount += 1;
        const id = questionId(questionCount);
        return {
          id,
          number: questionCount,
          text: question.text,
          answer: question.answer,
          paragraphIds: question.answer.map((_, k) => paragraphId(id, k + 1)),
        };
      }),
    });
  }
  if (sections.length === 0)
    fail(headline.line, 'the interview has no section (a heading is a whole line in double quotes)');

  return { meta, headline, lede, sections, credit };
}

/** Splits off YAML front matter; `firstLine` is the file line on which the body starts. */
function splitFrontMatter(source: string, file: string): { meta: InterviewMeta; body: string; firstLine: number } {
  if (!/^---[ \t]*\n/.test(source)) return { meta: readMeta({}, file), body: source, firstLine: 1 };
  if (!/\n---[ \t]*(\n|$)/.test(source.slice(3))) {
    throw new ContentError(file, 1, 'the front matter that starts here has no closing "---" line');
  }
  let parsed: { data: Record<string, unknown>; content: string };
  try {
    // Options are passed so that gray-matter does not cache every text it sees.
    parsed = matter(source, {});
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? String(error);
    // js-yaml counts from 0, from the end of the opening "---" line.
    throw new ContentError(file, (mark?.line ?? 0) + 1, `the front matter is not valid YAML: ${reason}`);
  }
  const before = source.slice(0, source.length - parsed.content.length);
  return { meta: readMeta(parsed.data, file), body: parsed.content, firstLine: before.split('\n').length };
}

/** Validates the front matter fields; see docs/content-format.md for each one and its default. */
function readMeta(data: Record<string, unknown>, file: string): InterviewMeta {
  const fail = (reason: string): never => {
    throw new ContentError(file, 1, `front matter: ${reason}`);
  };
  const text = (value: unknown, name: string, fallback?: string): string => {
    if (value === undefined || value === null) return fallback ?? fail(`"${name}" is required`);
    if (typeof value !== 'string' || value.trim() === '') return fail(`"${name}" should be a non-empty string`);
    return value.trim();
  };
  const record = (value: unknown, name: string): Record<string, unknown> | null => {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'object' || Array.isArray(value)) return fail(`"${name}" should be a mapping`);
    return value as Record<string, unknown>;
  };
  const outlet = text(data.outlet, 'outlet', 'Interviewer');
  const interviewee = record(data.interviewee, 'interviewee') ?? {};
  const translation = record(data.translation, 'translation');
  return {
    outlet,
    interviewer: text(data.interviewer, 'interviewer', outlet),
    interviewee: {
      name: text(interviewee.name, 'interviewee.name', 'Interviewee'),
      role: text(interviewee.role, 'interviewee.role', ''),
    },
    language: text(data.language, 'language', 'en'),
    published: date(data.published, 'published', fail),
    modified: date(data.modified, 'modified', fail),
    original: url(data.original, 'original', fail),
    translation: translation
      ? {
          from: text(translation.from, 'translation.from'),
          service: text(translation.service, 'translation.service'),
          credit: text(translation.credit, 'translation.credit'),
        }
      : null,
  };
}

/**
 * A date field (`published:`, `modified:`) as `YYYY-MM-DD`. YAML reads an unquoted date as a timestamp, a quoted one
 * as a string; both are accepted, a calendar date only. Absent: null.
 */
function date(value: unknown, name: string, fail: (reason: string) => never): string | null {
  if (value === undefined || value === null) return null;
  const text =
    value instanceof Date && !Number.isNaN(value.getTime())
      ? value.toISOString().slice(0, 10)
      : typeof value === 'string'
        ? value.trim()
        : '';
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00Z`) : null;
  if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== text) {
    return fail(
      `"${name}" should be a date such as 2024-03-15; got ${JSON.stringify(value instanceof Date ? value.toISOString() : value)}`,
    );
  }
  return text;
}

/** A link field (`original:`): an absolute http(s) URL, as written. Absent: null. */
function url(value: unknown, name: string, fail: (reason: string) => never): string | null {
  if (value === undefined || value === null) return null;
  const text = typeof value === 'string' ? value.trim() : '';
  let valid: boolean;
  try {
    valid = /^https?:$/.test(new URL(text).protocol) && !/\s/.test(text);
  } catch {
    valid = false; // not a URL at all: new URL throws a TypeError
  }
  if (!valid)
    return fail(
      `"${name}" should be an absolute http(s) URL such as https://example.com/interview; got ${JSON.stringify(value)}`,
    );
  return text;
}
