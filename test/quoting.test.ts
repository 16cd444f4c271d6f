// What the copy and share controls hand out, as the server writes it: the credit a copied quote carries (from the
// front matter), and one URL form per target on every page kind. reader.js's side is in test/browser/quoting.test.ts.
import * as cheerio from 'cheerio';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { parseInterview } from '../src/content/parse.js';
import { appFor, realContent, realNotes, siteFrom } from './support/site.js';

const origin = 'https://reader.example';
const interview = parseInterview(realContent(), 'content/interview.md');
const app = appFor(siteFrom(realContent(), 'content/interview.md', origin, realNotes()));
const get = async (on: typeof app, path: string) => cheerio.load((await request(on).get(path).expect(200)).text);
const questions = interview.sections.flatMap((section) => section.questions.map((question) => ({ section, question })));
const pagesWithQuestions = [
  '/full',
  ...interview.sections.map((section) => `/sections/${section.slug}`),
  ...questions.map(({ question }) => `/questions/${question.id}`),
];

describe('the credit a copied quote carries', () => {
  it.each(pagesWithQuestions)(
    'is on every answer of %s: the speaker, whose interview, and whose translation',
    async (path) => {
      const $ = await get(app, path);
      const credits = $('.turn-answer')
        .map((_, answer) => $(answer).attr('data-quote-by'))
        .get();
      expect(credits.length, path).toBeGreaterThan(0);
      expect(new Set(credits)).toEqual(
        new Set([
          'Georgy Zinoviev, Russian Ambassador to the Republic of Korea, interviewed by Izvestia ' +
            '(machine translation from Russian by Yandex Translate)',
        ]),
      );
    },
  );

  it('takes every name from the front matter, and says nothing of a translation for a text that is not one', async () => {
    const text = realContent()
      .replace('outlet: Izvestia', 'outlet: The Daily "Planet"')
      .replace('interviewer: Izvestia', 'interviewer: Lois Lane')
      .replace('name: Georgy Zinoviev', 'name: Clark <Kent>')
      .replace(/^translation:\n(?: {2}.*\n)+/m, '')
      .replace(/\n[^\n]*Яндекс[^\n]*\n*$/, '\n');
    const $ = await get(appFor(siteFrom(text, 'content/interview.md', origin)), '/questions/q1');
    expect($('.turn-answer').attr('data-quote-by')).toBe(
      'Clark <Kent>, Russian Ambassador to the Republic of Korea, interviewed by Lois Lane for The Daily "Planet"',
    );
    // Escaped in the attribute, as every template value is.
    expect((await request(appFor(siteFrom(text, 'content/interview.md', origin))).get('/questions/q1')).text).toContain(
      'data-quote-by="Clark &lt;Kent&gt;,',
    );
  });
});

describe('one URL form per target, whichever control hands it out', () => {
  it.each(pagesWithQuestions)("gives each question of %s one share URL: its own page's, absolute", async (path) => {
    const $ = await get(app, path);
    $('section.qa').each((_, qa) => {
      const id = $(qa).attr('id')!;
      const expected = `${origin}/questions/${id}`;
      expect($(qa).find('a.share').attr('href'), `${path} ${id} share`).toBe(expected);
      expect($(qa).find('.turn-answer').attr('data-share-url'), `${path} ${id} quote and ¶`).toBe(expected);
      expect($(qa).find('.permalink').attr('data-href'), `${path} ${id} printed`).toBe(expected);
    });
  });

  it('writes the same share control for a question on a search hit as on its section page', async () => {
    for (const { section, question } of questions) {
      const words = question.text.text.split(' ').slice(0, 5).join(' ');
      const results = await get(app, `/search?q=${encodeURIComponent(words)}`);
      const hit = results('.search-hit')
        .filter((_, element) =>
          results(element).find('.search-hit-where').text().startsWith(`Question ${question.number} `),
        )
        .first();
      expect(hit.length, words).toBe(1);
      const onSection = await get(app, `/sections/${section.slug}`);
      expect(results.html(hit.find('a.share'))).toBe(onSection.html(onSection(`#${question.id} a.share`)));
    }
  });

  it('shares the interview itself as its home page, absolute, from the end of the last section and of /full', async () => {
    const last = interview.sections[interview.sections.length - 1]!;
    for (const path of [`/sections/${last.slug}`, '/full']) {
      const $ = await get(app, path);
      expect($('.end-block a.share').attr('href'), path).toBe(`${origin}/`);
    }
  });
});
