// `npm run check-content` as a real process on files, and the slip heuristics as a table.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSlips } from '../src/content/check.js';
import { parseInterview } from '../src/content/parse.js';
import { contentPath, root } from './support/site.js';

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
    expect(result.stdout).toContain('content/interview.md: ok, 4 sections, 9 questions; 3 warnings');
    expect(sha(contentPath)).toBe(before);
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
      { line: 5, message: 'a paragraph that starts in lower case: "and more." (a fragment of the one before?)' },
    ]);
  });
});
