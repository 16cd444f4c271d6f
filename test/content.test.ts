// The real interview: its words are in content/ unchanged, and every line of the source shows on some page.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { parseInterview } from '../src/content/parse.js';
import { foldPunctuation } from '../src/render/typography.js';
import { expectNothingLost, sourceLines } from './support/nothing-lost.js';
import { appFor, realContent, realNotes, sharedSourcePath, siteFrom, sourcePath } from './support/site.js';

const source = readFileSync(sourcePath, 'utf8');
/** The source text's SHA-256 as received (../shared/source), pinned so that an edit to the copy cannot pass unseen. */
const SOURCE_SHA256 = 'e3a0f2094a297e04fe68e7b5f38ed955ded793f46db06fade6b5d00b502e41bc';
const content = realContent();
const interview = parseInterview(content, 'content/interview.md');
const site = siteFrom(content, 'content/interview.md', '', realNotes());
const app = appFor(site);

/** What a person reads: the text of the page's body, entities decoded, white space folded. */
async function pageText(path: string): Promise<string> {
  const response = await request(app).get(path).expect(200);
  return cheerio.load(response.text)('body').text().replace(/\s+/g, ' ');
}

describe('content/source/izvestia-zinoviev-interview.txt', () => {
  it('is the source text, byte for byte', () => {
    // The copy is what every other test reads. Where the team's original sits beside the clone, the two must agree;
    // on a clone without it, the copy's own hash stands in for it.
    const copy = readFileSync(sourcePath);
    if (existsSync(sharedSourcePath)) expect(copy.equals(readFileSync(sharedSourcePath))).toBe(true);
    expect(createHash('sha256').update(copy).digest('hex')).toBe(SOURCE_SHA256);
  });
});

describe('content/interview.md', () => {
  it('holds the source text unchanged after its front matter', () => {
    expect(content.endsWith(source)).toBe(true);
    const frontMatter = content.slice(0, content.length - source.length);
    expect(frontMatter.startsWith('---\n')).toBe(true);
    expect(frontMatter.endsWith('\n---\n')).toBe(true);
  });

  it('parses to 4 sections and 9 questions, with the Russian credit apart', () => {
    expect(interview.sections.map((section) => section.title.text)).toEqual([
      'Seoul is interested in preserving trade and economic ties with Russia',
      'It has not come to practical steps in supplying arms to the Kiev regime',
      'There is nomassRussophobia in Korea.',
      'The number ofSouth Koreans interested in Russia is growing',
    ]);
    expect(interview.sections.map((section) => section.questions.length)).toEqual([2, 2, 2, 3]);
    expect(interview.credit?.text).toBe('Переведено сервисом «Яндекс Переводчик»');
    expect(interview.meta.interviewee.name).toBe('Georgy Zinoviev');
  });

  it('keeps the stray fragment "and international agenda." as its own answer paragraph', () => {
    const answer = interview.sections[1]!.questions[0]!.answer.map((paragraph) => paragraph.text);
    expect(answer).toContain('and international agenda.');
  });
});

describe('nothing lost', () => {
  it('shows every non-empty line of the source on the section pages and on /full', async () => {
    expect(sourceLines().length).toBeGreaterThan(40);
    const sectionTexts = await Promise.all(interview.sections.map((section) => pageText(`/sections/${section.slug}`)));
    expectNothingLost('the home and section pages', [await pageText('/'), ...sectionTexts].join(' '));
    expectNothingLost('/full', await pageText('/full'));
  });

  it("sets the source's quotes, apostrophes and spaced hyphens typographically on the pages, and no other character", async () => {
    const full = await pageText('/full');
    // Display only: the content file keeps the source's straight characters.
    expect(source).toContain('I would not link this to any particular political views - simply sensible people');
    expect(source).toContain("in the diplomat's exclusive interview");
    expect(full).toContain('I would not link this to any particular political views \u2014 simply sensible people');
    expect(full).toContain('in the diplomat\u2019s exclusive interview');
    expect(full).toContain(
      'quote Nikolai Nekrasov\u2019s immortal lines in relation to the prospects of improving our relations: \u201cIt is only a pity',
    );
    // Hyphenated words and a minus stay as they are.
    expect(full).toContain('Russian-South Korean relations');
    expect(full).toContain('(-24%)');
    // The answers' own text holds no straight quote or spaced hyphen any more.
    const $ = cheerio.load((await request(app).get('/full')).text);
    const answers = $('.turn-answer .para')
      .map((_, p) => $(p).text())
      .get()
      .join(' ');
    expect(answers).not.toMatch(/["']| - /);
    // The fold the nothing-lost proof uses maps them back, and only them: the folded page holds every source line.
    expect(foldPunctuation(full)).toContain('political views - simply sensible people');
  });

  it('fails the nothing-lost proof when a line is really changed, typography aside', () => {
    expect(() =>
      expectNothingLost(
        'a page missing a word',
        'political views \u2014 simply people',
        'political views - simply sensible people\n',
      ),
    ).toThrow(/missing/);
    expect(() =>
      expectNothingLost(
        'a page with the dash set',
        'political views \u2014 simply sensible people',
        'political views - simply sensible people\n',
      ),
    ).not.toThrow();
  });

  it('puts every question in its own section page, in source order', async () => {
    const questionLines = source
      .split('\n')
      .map((line, index) => ({ line, index }))
      .filter(({ line }) => line.startsWith('- '));
    for (const section of interview.sections) {
      const response = await request(app).get(`/sections/${section.slug}`).expect(200);
      const $ = cheerio.load(response.text);
      const shown = $('.question-text')
        .map((_, element) => foldPunctuation($(element).text()))
        .get();
      const expected = section.questions.map((question) => question.text.text);
      expect(shown).toEqual(expected);
      // Each question is the source line with its dash, and they come in the order of the file.
      const positions = expected.map((text) => questionLines.findIndex(({ line }) => line === `- ${text}`));
      expect(positions.every((position) => position >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    }
  });
});
