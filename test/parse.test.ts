// The parser over fixture folders: each test/fixtures/<situation>/ holds input.md and either
// expected.json (the outline it must parse to) or error.txt (the exact message it must fail with).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentError } from '../src/content/errors.js';
import { parseInterview } from '../src/content/parse.js';
import { outline } from './support/outline.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const cases = readdirSync(fixtures).sort();

describe('parseInterview over fixtures', () => {
  it('has both kinds of fixture', () => {
    expect(cases.filter((name) => existsSync(join(fixtures, name, 'error.txt'))).length).toBeGreaterThan(5);
    expect(cases.filter((name) => existsSync(join(fixtures, name, 'expected.json'))).length).toBeGreaterThan(5);
  });

  for (const name of cases) {
    const input = readFileSync(join(fixtures, name, 'input.md'), 'utf8');
    const errorFile = join(fixtures, name, 'error.txt');
    if (existsSync(errorFile)) {
      it(`${name}: fails with the file name, line and reason`, () => {
        const expected = readFileSync(errorFile, 'utf8').trim();
        let thrown: unknown;
        try {
          parseInterview(input, 'fixture');
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(ContentError);
        expect((thrown as ContentError).message).toBe(expected);
      });
    } else {
      it(`${name}: parses to the expected outline`, () => {
        const expected: unknown = JSON.parse(readFileSync(join(fixtures, name, 'expected.json'), 'utf8'));
        expect(outline(parseInterview(input, 'fixture'))).toEqual(expected);
      });
    }
  }
});

describe('parseInterview', () => {
  it('does not read a path: a path is parsed as text and fails as a headline', () => {
    expect(() => parseInterview('content/interview.md', 'x')).toThrow(
      'x line 1: the first line should be the headline',
    );
  });

  it('numbers question ids across sections, independent of their wording', () => {
    const a = parseInterview('"H"\n"S1"\n- Q?\n- A.\n"S2"\n- Q?\n- A.\n- Q?\n- A.\n');
    const b = parseInterview('"H"\n"S1"\n- Other words?\n- A.\n"Renamed"\n- Q changed?\n- A.\n- Q?\n- A.\n');
    expect(a.sections.flatMap((s) => s.questions.map((q) => q.id))).toEqual(['q1', 'q2', 'q3']);
    expect(b.sections.flatMap((s) => s.questions.map((q) => q.id))).toEqual(['q1', 'q2', 'q3']);
  });

  it('does not change the Interview it returned when parsing again', () => {
    const text = '"H"\n"S"\n- Q?\n- A.\n';
    const first = parseInterview(text);
    const snapshot = JSON.stringify(first);
    parseInterview(text);
    expect(JSON.stringify(first)).toBe(snapshot);
  });
});
