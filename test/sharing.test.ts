// Sharing one question: /questions/:id pages, Open Graph / Twitter / JSON-LD tags, sitemap.xml and robots.txt.
import * as cheerio from 'cheerio';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { parseInterview } from '../src/content/parse.js';
import { serializeJsonLd } from '../src/render/seo.js';
import { foldPunctuation } from '../src/render/typography.js';
import { appFor, realContent, realSite } from './support/site.js';

const origin = 'https://reader.example';
const interview = parseInterview(realContent(), 'content/interview.md');
const questions = interview.sections.flatMap((section) => section.questions.map((question) => ({ section, question })));
const app = appFor(realSite(origin));
const relativeApp = appFor(realSite());
const get = async (path: string, on = app) => {
  const response = await request(on).get(path);
  return { response, $: cheerio.load(response.text) };
};
const jsonLdOf = ($: cheerio.CheerioAPI) =>
  JSON.parse($('script[type="application/ld+json"]').text()) as Record<string, unknown>;

describe('GET /questions/:id', () => {
  it('responds 200 for every question with that question as the h1 and its whole answer', async () => {
    for (const { question } of questions) {
      const { response, $ } = await get(`/questions/${question.id}`);
      expect(response.status, question.id).toBe(200);
      expect($('h1').length).toBe(1);
      expect(foldPunctuation($('h1').text())).toBe(question.text.text);
      expect($('.turn-answer p:not(.turn-meta)').length).toBe(question.answer.length);
    }
  });

  it('links to the question in its section, and to the neighbouring questions', async () => {
    const { $ } = await get('/questions/q3');
    const { section } = questions[2]!;
    expect($('.question-context a').first().attr('href')).toBe(`/sections/${section.slug}#q3`);
    expect($('a[rel="prev"]').attr('href')).toBe('/questions/q2');
    expect($('a[rel="next"]').attr('href')).toBe('/questions/q4');
    const first = await get('/questions/q1');
    expect(first.$('a[rel="prev"]').length).toBe(0);
    const last = await get(`/questions/${questions.at(-1)!.question.id}`);
    expect(last.$('a[rel="next"]').length).toBe(0);
  });

  it('has a title, canonical link, Open Graph and Twitter card tags made from the question', async () => {
    const { $ } = await get('/questions/q6');
    const text = questions[5]!.question.text.text;
    expect($('title').text().startsWith(text.slice(0, 40))).toBe(true);
    expect($('link[rel="canonical"]').attr('href')).toBe(`${origin}/questions/q6`);
    const title = $('meta[property="og:title"]').attr('content')!;
    expect(text.length <= 110 ? title === text : title.endsWith('…') && text.startsWith(title.slice(0, -1))).toBe(true);
    expect($('meta[property="og:type"]').attr('content')).toBe('article');
    expect($('meta[property="og:url"]').attr('content')).toBe(`${origin}/questions/q6`);
    const description = $('meta[property="og:description"]').attr('content')!;
    expect(description.startsWith(questions[5]!.question.answer[0]!.text.slice(0, 40))).toBe(true);
    expect($('meta[name="description"]').attr('content')).toBe(description);
    expect($('meta[name="twitter:card"]').attr('content')).toBe('summary');
    expect($('meta[name="twitter:title"]').attr('content')).toBe($('meta[property="og:title"]').attr('content'));
  });

  it('responds 404 for an unknown question id', async () => {
    for (const path of ['/questions/q0', '/questions/q99', '/questions/', '/questions/%3Cscript%3E']) {
      const { response } = await get(path);
      expect(response.status, path).toBe(404);
    }
  });

  it('is linked from each question on the section pages, as the absolute share URL', async () => {
    const { $ } = await get(`/sections/${interview.sections[0]!.slug}`);
    expect($('#q1 a.question-page-link').attr('href')).toBe(`${origin}/questions/q1`);
  });
});

describe('Open Graph and JSON-LD on the home and section pages', () => {
  it('describes the interview as a NewsArticle with its metadata', async () => {
    const { $ } = await get('/');
    expect($('meta[property="og:type"]').attr('content')).toBe('website');
    // The headline is the ambassador's words: a quotation, verbatim, with his name, wherever it is the title.
    const quoted =
      '\u201cThe only people who are behaving unfriendly here are Western diplomats\u201d \u2014 Georgy Zinoviev';
    expect($('meta[property="og:title"]').attr('content')).toBe(quoted);
    expect($('meta[name="twitter:title"]').attr('content')).toBe(quoted);
    expect($('meta[name="citation_title"]').attr('content')).toBe(quoted);
    const article = jsonLdOf($);
    expect(article.headline).toBe(quoted);
    // The work it translates keeps the source's headline, character for character.
    expect((article.translationOfWork as { headline: string }).headline).toBe(
      'The only people who are behaving unfriendly here are Western diplomats',
    );
    expect(article['@type']).toBe('NewsArticle');
    expect(article.publisher).toEqual({ '@type': 'Organization', name: 'Izvestia' });
    expect(article.about).toEqual({
      '@type': 'Person',
      name: 'Georgy Zinoviev',
      jobTitle: 'Russian Ambassador to the Republic of Korea',
    });
    expect(article.inLanguage).toBe('en');
    expect(article.url).toBe(`${origin}/`);
  });

  it('names the section on a section page', async () => {
    const section = interview.sections[1]!;
    const { $ } = await get(`/sections/${section.slug}`);
    expect($('meta[property="article:section"]').attr('content')).toBe(section.title.text);
    expect(jsonLdOf($).articleSection).toBe(section.title.text);
    expect($('meta[property="og:url"]').attr('content')).toBe(`${origin}/sections/${section.slug}`);
  });

  it('leaves out og:url and the JSON-LD url when no SITE_URL is set, rather than send relative ones', async () => {
    const { $ } = await get('/questions/q1', relativeApp);
    expect($('meta[property="og:url"]').length).toBe(0);
    expect(jsonLdOf($).url).toBeUndefined();
    expect($('meta[property="og:title"]').length).toBe(1);
  });
});

describe('serializeJsonLd', () => {
  it('writes <, >, & and line separators as escapes, and still round-trips', () => {
    const value = { headline: '</script><!-- & \u2028 \u2029' };
    const text = serializeJsonLd(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('GET /sitemap.xml', () => {
  it('lists every page with absolute URLs, and every listed URL responds 200', async () => {
    const { response } = await get('/sitemap.xml');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/xml; charset=utf-8');
    const urls = [...response.text.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]!);
    expect(urls).toContain(`${origin}/`);
    expect(urls).toContain(`${origin}/full`);
    expect(urls.filter((url) => url.includes('/sections/'))).toHaveLength(interview.sections.length);
    expect(urls.filter((url) => url.includes('/questions/'))).toHaveLength(questions.length);
    for (const url of urls) {
      expect(url.startsWith(origin)).toBe(true);
      expect((await request(app).get(url.slice(origin.length))).status, url).toBe(200);
    }
  });
});

describe('GET /robots.txt', () => {
  it('allows the pages, keeps crawlers out of search results, and names the sitemap', async () => {
    const { response } = await get('/robots.txt');
    expect(response.status).toBe(200);
    expect(response.text).toContain('Disallow: /search');
    expect(response.text).toContain(`Sitemap: ${origin}/sitemap.xml`);
    expect((await get('/robots.txt', relativeApp)).response.text).not.toContain('Sitemap:');
  });
});
