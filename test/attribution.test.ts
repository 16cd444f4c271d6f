// Whose words, from where: the headline as a quotation, a standfirst under every title, the original's address.
import * as cheerio from 'cheerio';
import { unzipSync } from 'fflate';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { parseInterview } from '../src/content/parse.js';
import { appFor, realContent, realNotes, siteFrom } from './support/site.js';

const origin = 'https://reader.example';
const interview = parseInterview(realContent(), 'content/interview.md');
const app = appFor(siteFrom(realContent(), 'content/interview.md', origin, realNotes()));
const get = async (on: typeof app, path: string) => cheerio.load((await request(on).get(path).expect(200)).text);
const HEADLINE = 'The only people who are behaving unfriendly here are Western diplomats';

/** The real interview with front-matter lines added after `outlet:`. */
const withFrontMatter = (lines: string): string =>
  realContent().replace(/^outlet: Izvestia$/m, `outlet: Izvestia\n${lines}`);

const pageKinds = [
  ['the home page', '/'],
  ['/full', '/full'],
  ['a section page', `/sections/${interview.sections[2]!.slug}`],
  ['a question page', '/questions/q6'],
] as const;

describe('the standfirst: who speaks, to whom, and that the English is a machine translation', () => {
  it.each(pageKinds)(
    'stands once under the title on %s, naming both sides and the translating service',
    async (_, path) => {
      const $ = await get(app, path);
      expect($('.standfirst')).toHaveLength(1);
      const standfirst = $('.standfirst').text();
      expect(standfirst).toBe(
        'Georgy Zinoviev, Russian Ambassador to the Republic of Korea, in an interview with Izvestia. ' +
          'Machine translation from Russian by Yandex Translate.',
      );
      // Under the title: the h1 (or, on a question page, the interview's headline) comes before it in the page.
      const html = $.html();
      const title = path.startsWith('/questions/') ? '.headline-quote' : 'h1';
      expect(html.indexOf($.html($(title).first()))).toBeLessThan(html.indexOf($.html($('.standfirst'))));
      // …and before the interview's words: the lede, or the first question.
      expect(html.indexOf($.html($('.standfirst')))).toBeLessThan(html.indexOf($.html($('.lede, section.qa').first())));
    },
  );

  it('is the one place the home page says it is a machine translation from Russian', async () => {
    const $ = await get(app, '/');
    expect(
      $('body')
        .text()
        .match(/machine translation from Russian/gi),
    ).toHaveLength(1);
    expect($('.source')).toHaveLength(0);
  });

  it('gives no date and no link to the original when the front matter gives none, rather than guess', async () => {
    const $ = await get(app, '/');
    expect($('.standfirst time')).toHaveLength(0);
    expect($('.standfirst a')).toHaveLength(0);
    const article = JSON.parse($('script[type="application/ld+json"]').text()) as Record<string, unknown>;
    expect(article.isBasedOn).toBeUndefined();
    expect(article.datePublished).toBeUndefined();
  });

  it('dates it and links the original publication when the front matter gives both', async () => {
    const original = 'https://news.example/world/zinoviev-interview';
    const site = siteFrom(
      withFrontMatter(`published: 2024-12-20\noriginal: ${original}`),
      'content/interview.md',
      origin,
      realNotes(),
    );
    for (const [, path] of pageKinds) {
      const $ = await get(appFor(site), path);
      expect($('.standfirst time').attr('datetime'), path).toBe('2024-12-20');
      expect($('.standfirst').text(), path).toContain('in an interview with Izvestia, 20\u00a0December\u00a02024.');
      expect($('.standfirst a').attr('href'), path).toBe(original);
      expect($('.standfirst a').text(), path).toBe('Izvestia');
      const article = JSON.parse($('script[type="application/ld+json"]').text()) as Record<string, unknown>;
      expect(article.isBasedOn, path).toBe(original);
      expect((article.translationOfWork as { url?: string }).url, path).toBe(original);
      expect($('meta[name="citation_publication_date"]').attr('content'), path).toBe('2024/12/20');
    }
    // The EPUB names the original publication by its address.
    const epubPath = site.redirects.get('/interview.epub')!;
    const entries = unzipSync(site.resources.get(epubPath)!.variants.identity.body);
    const opf = new TextDecoder().decode(entries['EPUB/package.opf']);
    expect(opf).toContain(`<dc:source>${original}</dc:source>`);
    const title = cheerio.load(new TextDecoder().decode(entries['EPUB/title.xhtml']), { xml: true });
    expect(title(`a[href="${original}"]`)).toHaveLength(1);
  });

  it('refuses an original that is not an http(s) address, naming the field', () => {
    expect(() => parseInterview(withFrontMatter('original: javascript:alert(1)'), 'content/interview.md')).toThrow(
      /content\/interview\.md line 1: front matter: "original" should be an absolute http\(s\) URL/,
    );
  });
});

describe('the headline is the ambassador’s words', () => {
  it.each([
    ['/', 'h1'],
    ['/full', 'h1'],
    ['/questions/q6', '.headline-quote'],
  ])('is shown on %s as a quotation, verbatim, with his name next to it', async (path, selector) => {
    const $ = await get(app, path);
    expect($(selector).text()).toBe(`\u201c${HEADLINE}\u201d`);
    // His name is in the next thing a reader reads.
    expect($(selector).next('.standfirst').find('.byline-name').text()).toBe('Georgy Zinoviev');
  });

  it.each(pageKinds)('is a quotation with his name in the title of %s', async (_, path) => {
    const $ = await get(app, path);
    expect($('title').text()).toContain(`\u201c${HEADLINE}\u201d \u2014 Georgy Zinoviev`);
  });
});

describe('a shared question page stands on its own', () => {
  it('opens with the interview’s headline as a quotation, the standfirst, and its section named in full', async () => {
    const $ = await get(app, '/questions/q6');
    const head = $('main .question-page-head');
    expect(
      head
        .children()
        .map((_, child) => $(child).attr('class'))
        .get(),
    ).toEqual(['headline-quote', 'standfirst', 'question-where']);
    expect(head.find('.headline-quote a').attr('href')).toBe('/');
    // The whole title, as written, not cut and not a kicker in capitals.
    const section = interview.sections.find((s) => s.questions.some((q) => q.id === 'q6'))!;
    expect(head.find('.question-where').text()).toBe(
      `Question 6 of 9, from section ${section.number}: ${section.title.text}`,
    );
    expect(head.find('.question-where a').attr('href')).toBe(`/sections/${section.slug}#q6`);
    expect(head.find('.context-bar, .section-kicker')).toHaveLength(0);
    // Then the question itself, the page's one h1.
    expect($('h1')).toHaveLength(1);
    expect(head.nextAll('section.qa').find('h1').length).toBe(1);
  });
});
