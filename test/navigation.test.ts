// One of each, and contents that say what is asked: the site's controls in the markup (issue 21, items 6 and 7).
import * as cheerio from 'cheerio';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { parseInterview } from '../src/content/parse.js';
import { plainText } from '../src/render/markdown.js';
import { foldPunctuation } from '../src/render/typography.js';
import { appFor, realContent, realSite } from './support/site.js';

const app = appFor(realSite());
const interview = parseInterview(realContent(), 'content/interview.md');
const questions = interview.sections.flatMap((section) =>
  section.questions.map((question) => ({
    id: question.id,
    number: question.number,
    section,
    text: plainText(question.text.text),
  })),
);
const sectionPage = `/sections/${interview.sections[2]!.slug}`;
const get = async (path: string, status = 200) => cheerio.load((await request(app).get(path).expect(status)).text);

describe('GET / links the whole interview once', () => {
  it('beside "Start reading", and nowhere else on the page', async () => {
    const $ = await get('/');
    const links = $('a[href="/full"]');
    expect(links).toHaveLength(1);
    expect(links.closest('.start-reading')).toHaveLength(1);
  });
});

describe('the header', () => {
  it.each([
    ['a section page', sectionPage],
    ['a question page', '/questions/q6'],
    ['/full', '/full'],
  ])('on %s has no "Contents" link: the page opens with its own contents disclosure', async (_, path) => {
    const $ = await get(path);
    expect($('.site-header a').filter((_, a) => $(a).text().trim() === 'Contents')).toHaveLength(0);
    expect($('details.toc-details')).toHaveLength(1);
    // The disclosure works without script: a <details> with its <summary>, the contents inside.
    expect($('details.toc-details > summary')).toHaveLength(1);
    expect($('details.toc-details .toc-questions a').length).toBe(questions.length);
  });

  it.each([
    ['the home page', '/', '#contents'],
    ['the notes page', '/notes', '/'],
    ['a search page', '/search?q=Korea', '/'],
    ['the 404 page', '/no-such-page', '#contents'],
  ])('on %s, which opens with no contents, links to them', async (_, path, href) => {
    const $ = await get(path, path === '/no-such-page' ? 404 : 200);
    const links = $('.site-header a').filter((_, a) => $(a).text().trim() === 'Contents');
    expect(links).toHaveLength(1);
    expect(links.attr('href')).toBe(href);
  });

  it('links no page to the whole interview: /full is offered beside "Start reading" and at the end of the contents', async () => {
    for (const path of ['/', sectionPage, '/questions/q6', '/notes', '/full']) {
      const $ = await get(path);
      expect($('.site-header a[href="/full"]'), path).toHaveLength(0);
    }
    const $ = await get(sectionPage);
    expect($('.toc-side a[href="/full"]')).toHaveLength(1);
  });
});

describe('GET /search?q=', () => {
  it('shows one search box, holding the query', async () => {
    const $ = await get('/search?q=Kazakhstan');
    expect($('form[role="search"]')).toHaveLength(1);
    expect($('input[type="search"]').val()).toBe('Kazakhstan');
    expect($('form[role="search"]').closest('main')).toHaveLength(1);
  });

  it("leaves the header's search box on every other page", async () => {
    for (const path of ['/', sectionPage, '/questions/q6', '/notes', '/full']) {
      const $ = await get(path);
      expect($('.site-header form[role="search"]'), path).toHaveLength(1);
    }
  });
});

describe('question numbers, as printed interviews write them', () => {
  it('are "Question 6" in a question\'s speaker line and "6." in the contents, never "#6"', async () => {
    for (const path of ['/', sectionPage, '/full', '/questions/q6']) {
      const $ = await get(path);
      expect($('body').text(), path).not.toMatch(/#\d/);
    }
    const $ = await get('/full');
    expect(
      $('.qa .permalink')
        .map((_, a) => $(a).text())
        .get(),
    ).toEqual(questions.map((question) => `Question ${question.number}`));
    expect(
      $('.toc-qnum')
        .map((_, span) => $(span).text())
        .get(),
    ).toEqual(questions.map((question) => `${question.number}.`));
  });

  it('number the previous and next questions on a question page "5." and "7."', async () => {
    const $ = await get('/questions/q6');
    expect($('.pager-prev .pager-title').text()).toMatch(/^5\. /);
    expect($('.pager-next .pager-title').text()).toMatch(/^7\. /);
  });
});

describe('contents entries', () => {
  it('show every question whole on the home page', async () => {
    const $ = await get('/');
    const entries = $('.toc-questions .toc-text')
      .map((_, span) => foldPunctuation($(span).text()))
      .get();
    expect(entries).toEqual(questions.map((question) => question.text));
  });

  it('cut a question in the side contents after a whole word, with an ellipsis only when cut', async () => {
    const $ = await get(sectionPage);
    const entries = $('.toc-side .toc-questions .toc-text')
      .map((_, span) => foldPunctuation($(span).text()))
      .get();
    expect(entries).toHaveLength(questions.length);
    let cut = 0;
    for (const [index, entry] of entries.entries()) {
      const question = questions[index]!.text;
      if (!entry.endsWith('…')) {
        expect(entry).toBe(question);
        continue;
      }
      cut++;
      const kept = entry.replace(/ ?…$/, '');
      expect(question.startsWith(kept), entry).toBe(true);
      // The next character is a space or a separator: the cut fell between words.
      expect(question[kept.length], entry).toMatch(/[\s,.;:]/);
      // Long enough to say what is asked: more than the old 60-character cut.
      expect(kept.length, entry).toBeGreaterThan(60);
    }
    // The short questions are whole, the long ones cut.
    expect(cut).toBeGreaterThan(0);
    expect(cut).toBeLessThan(questions.length);
  });

  it('never cut a section title', async () => {
    for (const path of ['/', sectionPage, '/questions/q6', '/full']) {
      const $ = await get(path);
      expect(
        $('.toc-section-link .toc-text')
          .map((_, span) => foldPunctuation($(span).text()))
          .get(),
        path,
      ).toEqual(interview.sections.map((section) => plainText(section.title.text)));
    }
  });
});
