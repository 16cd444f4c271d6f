// `npm run check-content` as a real process on files, and the slip heuristics as a table.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSlips } from '../src/content/check.js';
import { parseInterview } from '../src/content/parse.js';
import { contentPath, root, siteFrom } from './support/site.js';

/** Runs the check-content command on `file` (none: the default content file). */
function checkContent(file?: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/check-content.ts', ...(file ? [file] : [])], {
    cwd: root,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tempFile(text: string, name = 'interview.md'): string {
  const file = join(mkdtempSync(join(tmpdir(), 'check-')), name);
  writeFileSync(file, text);
  return file;
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** An interview with control characters and bidi controls in its text: line 4 has NUL, ESC, BEL and DEL, line 6 an RLO never closed and a balanced RLE…PDF pair. */
const withControls = [
  '"Headline"',
  '',
  '"A section"',
  '- A question\u0000 with\u001b[31m escapes\u0007 and\u007f more?',
  '',
  '- An answer \u202Eреверс and a \u202Bbalanced\u202C pair.',
  '',
].join('\n');

describe('control characters and bidi controls in the content', () => {
  it('are reported by line and kept out of every page, while a balanced bidi pair stays', () => {
    const file = tempFile(withControls);
    const result = checkContent(file);
    expect(result.code).toBe(0);
    // Printed to a terminal: the warnings name the characters and never carry them.
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(result.stdout).not.toMatch(/[\u0000\u001b\u0007\u007f\u202E]/);
    const warnings = result.stdout.split('\n').filter((line) => line.includes('left out of the pages'));
    expect(warnings.map((line) => line.replace(/^warning: .*?interview\.md /, ''))).toEqual([
      'line 4: a control character U+0000 (NUL) after "A question": left out of the pages — no note yet',
      'line 4: a control character U+001B (ESC) after "A question<U+0000> with": left out of the pages — no note yet',
      'line 4: a control character U+0007 (BEL) after "A question<U+0000> with<U+001B>[31m escapes": left out of the pages — no note yet',
      'line 4: a control character U+007F (DEL) after "estion<U+0000> with<U+001B>[31m escapes<U+0007> and": left out of the pages — no note yet',
      'line 6: an unbalanced bidi control U+202E (RLO) after "An answer ": left out of the pages — no note yet',
    ]);
    const site = siteFrom(withControls);
    const bodies = [...site.resources.values(), site.notFound]
      .filter((resource) => /^(text|application\/(xml|json))/.test(resource.variants.identity.headers['content-type']!))
      .map((resource) => resource.variants.identity.body.toString('utf8'));
    expect(bodies.length).toBeGreaterThan(5);
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    for (const body of bodies) expect(body).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202E]/);
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(site.renderSearch('answer')).not.toMatch(/[\u0000\u001b\u0007\u007f\u202E]/);
    const question = site.resources.get('/questions/q1')!.variants.identity.body.toString('utf8');
    expect(question).toContain('A question with[31m escapes and more?');
    expect(question).toContain('An answer реверс and a \u202Bbalanced\u202C pair.');
  });
});

describe('npm run check-content', { timeout: 30_000 }, () => {
  it('passes the real content with exit 0 and warns about its slips by line, changing nothing', () => {
    const before = sha(contentPath);
    const result = checkContent();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'warning: content/interview.md line 35: a paragraph that starts in lower case: "and international agenda."',
    );
    expect(result.stdout).toContain(
      'warning: content/interview.md line 42: words run together? "nomassRussophobia" (a space missing: "nomass Russophobia"?)',
    );
    expect(result.stdout).toContain(
      'warning: content/interview.md line 51: words run together? "ofSouth" (a space missing: "of South"?)',
    );
    expect(result.stdout).toContain('content/interview.md: ok, 4 sections, 9 questions; 6 warnings');
    expect(sha(contentPath)).toBe(before);
  });

  it('says of each likely slip whether an editorial note covers it, and counts the notes', () => {
    const result = checkContent();
    expect(result.code).toBe(0);
    const warnings = result.stdout.split('\n').filter((line) => line.startsWith('warning:'));
    expect(warnings.length).toBe(6);
    expect(warnings.every((line) => / — noted \(note "[a-z0-9-]+", content\/notes\.yaml line \d+\)$/.test(line))).toBe(
      true,
    );
    expect(result.stdout).toContain(
      'warning: content/interview.md line 32: one place spelt two ways: "Kiev" (line 32, 39) and "Kyiv" (line 41) — noted (note "kiev-kyiv"',
    );
    expect(result.stdout).toContain(
      'content/interview.md: ok, 4 sections, 9 questions; 6 warnings for a person to look at, 6 of them with a note',
    );
    expect(result.stdout).toMatch(
      /content\/notes\.yaml: ok, 18 notes attached to their words \(6 correction, 10 context, 2 translation\)/,
    );
    // Without the note on the fragment, its warning says so.
    const dir = mkdtempSync(join(tmpdir(), 'check-'));
    writeFileSync(join(dir, 'interview.md'), readFileSync(contentPath));
    const notes = readFileSync(join(root, 'content/notes.yaml'), 'utf8');
    writeFileSync(join(dir, 'notes.yaml'), notes.replace(/- id: fragment-international-agenda[\s\S]*?(?=\n- id:)/, ''));
    const without = checkContent(join(dir, 'interview.md'));
    expect(without.code).toBe(0);
    expect(without.stdout).toMatch(
      /line 35: a paragraph that starts in lower case: "and international agenda\." \(a fragment of the one before\?\) — no note yet\n/,
    );
    expect(without.stdout).toContain('5 of them with a note');
  });

  it('fails with exit 1 and lists every note that does not attach, with its line and why', () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-'));
    writeFileSync(join(dir, 'interview.md'), readFileSync(contentPath));
    const broken = readFileSync(join(root, 'content/notes.yaml'), 'utf8')
      .replace('quote: Vladimir Spivakov', 'quote: Vladimir Spivakoff')
      .replace('  prefix: "Western diplomats in "\n', '');
    writeFileSync(join(dir, 'notes.yaml'), broken);
    const result = checkContent(join(dir, 'interview.md'));
    const line = (id: string) => broken.split('\n').indexOf(`- id: ${id}`) + 1;
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^error: .*notes\\.yaml line ${line('spivakov')}: note "spivakov" \\("Vladimir Spivakoff"\\): its words no longer occur in the interview$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^error: .*notes\\.yaml line ${line('kazakhstan-seoul')}: note "kazakhstan-seoul" \\("Kazakhstan"\\): its words occur 2 times \\(q2\\.2, q7\\.2\\): add a prefix or suffix to tell which$`,
        ),
      ),
    ]);
  });

  it('fails with exit 1 and the same file-and-line message the server gives at start-up', () => {
    const file = tempFile('"Headline"\n"Section"\nAn answer before any question.\n', 'broken.md');
    const result = checkContent(file);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: .*broken\.md line 3: an answer before any question \(questions and answers start with "- "\)\n$/,
    );
    expect(result.stdout).toBe('');
  });

  for (const fixture of ['answer-before-any-question', 'duplicate-section-titles', 'question-without-answer']) {
    it(`fails on the ${fixture} fixture with the parser's message for it`, () => {
      const file = join('test/fixtures', fixture, 'input.md');
      const expected = readFileSync(join(root, 'test/fixtures', fixture, 'error.txt'), 'utf8')
        .trim()
        .replace(/^fixture/, file);
      const result = checkContent(file);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`error: ${expected}\n`);
    });
  }

  it('fails with exit 1 for a missing file', () => {
    const result = checkContent('/nonexistent/interview.md');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/interview\.md: no such file/);
  });

  it('warns about a question without a question mark and passes a clean file without warnings', () => {
    const slip = checkContent(
      tempFile('"H"\n"S"\n- Tell us about the McDonald deal and the iPhone\n- It went well.\n'),
    );
    expect(slip.code).toBe(0);
    expect(slip.stdout).toMatch(
      /line 3: a question with no question mark: "Tell us about the McDonald deal and the iPhone"/,
    );
    expect(slip.stdout).toContain('1 warning for a person to look at');
    const clean = checkContent(tempFile('"H"\n"S"\n- Is eBay or JavaScript popular?\n- Yes.\n'));
    expect(clean.code).toBe(0);
    expect(clean.stdout).not.toContain('warning:');
    expect(clean.stdout).toContain('0 warnings');
  });
});

describe('findSlips', () => {
  const slipsIn = (answer: string) =>
    findSlips(parseInterview(`"H"\n"S"\n- Q?\n- ${answer}\n`)).map((warning) => warning.message);

  const flagged: [string, string][] = [
    ['There is nomassRussophobia here.', 'nomassRussophobia'],
    ['The number ofSouth Koreans.', 'ofSouth'],
    ['A theRepublic of Korea.', 'theRepublic'],
    ['Кто этоРоссия?', 'этоРоссия'],
  ];
  for (const [text, word] of flagged) {
    it(`warns about "${word}" run together`, () => {
      expect(slipsIn(text)).toEqual([expect.stringContaining(`words run together? "${word}"`)]);
    });
  }

  const notFlagged = [
    'McDonald and iPhone and eBay.',
    'JavaScript, macOS, PhD, iOS.',
    'See [the page](https://example.com/someThing).',
    'Code `fooBar` stays.',
    'https://example.com/pathName',
  ];
  for (const text of notFlagged) {
    it(`leaves "${text}" alone`, () => {
      expect(slipsIn(text)).toEqual([]);
    });
  }

  it('warns about a continuation paragraph in lower case, but not about a turn', () => {
    const warnings = findSlips(parseInterview('"H"\n"S"\n- why not?\n- because.\nand more.\nAnd more.\n'));
    expect(warnings).toEqual([
      {
        line: 5,
        message: 'a paragraph that starts in lower case: "and more." (a fragment of the one before?)',
        at: [{ paragraph: 'q1.2', start: 0, end: 9 }],
      },
    ]);
  });

  it('warns once about one place spelt two ways, naming both spellings and their lines', () => {
    const warnings = findSlips(parseInterview('"H"\n"S"\n- Is Kiev far?\n- Kyiv is near.\nKievan Rus is old.\n'));
    expect(warnings).toEqual([
      {
        line: 3,
        message: 'one place spelt two ways: "Kiev" (line 3) and "Kyiv" (line 4)',
        at: [
          { paragraph: 'q1', start: 3, end: 7 },
          { paragraph: 'q1.1', start: 0, end: 4 },
        ],
      },
    ]);
    expect(findSlips(parseInterview('"H"\n"S"\n- Is Kyiv far?\n- Kyiv is near.\n'))).toEqual([]);
  });

  it('warns at the rarer expansion of an ambiguous abbreviation, only where both are named', () => {
    const text = '"H"\n"S"\n- Does Korea trade?\n- Korea does; the Republic of Kazakhstan too, and Korea again.\n';
    expect(findSlips(parseInterview(text)).map((warning) => [warning.line, warning.message])).toEqual([
      [4, '"Kazakhstan" in a text that names Korea 3 times: the Russian "РК" stands for either; is Korea meant?'],
    ]);
    expect(findSlips(parseInterview('"H"\n"S"\n- Does Kazakhstan trade?\n- It does.\n'))).toEqual([]);
  });
});
