// Every route over HTTP, with supertest against createApp (no port).
import * as cheerio from 'cheerio';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { appFor, realSite, siteFrom } from './support/site.js';

const site = realSite();
const app = appFor(site);
const slugs = [
  'seoul-is-interested-in-preserving-trade-and-economic-ties-with-russia',
  'it-has-not-come-to-practical-steps-in-supplying-arms-to-the-kiev-regime',
  'there-is-nomassrussophobia-in-korea',
  'the-number-ofsouth-koreans-interested-in-russia-is-growing',
];
const get = async (path: string) => {
  const response = await request(app).get(path);
  return { response, $: cheerio.load(response.text) };
};

describe('GET /', () => {
  it('responds with the headline, lede, source line and contents', async () => {
    const { response, $ } = await get('/');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect($('html').attr('lang')).toBe('en');
    // The headline is the ambassador's words: a quotation, verbatim, his name beside it.
    expect($('h1').text()).toBe('\u201cThe only people who are behaving unfriendly here are Western diplomats\u201d');
    expect($('.lede').text()).toMatch(/^South Korea is interested in developing trade/);
    expect($('.standfirst').text()).toContain('Izvestia');
    expect($('.standfirst').text()).toContain('Georgy Zinoviev, Russian Ambassador to the Republic of Korea');
    expect($('.standfirst').text()).toMatch(/machine translation from Russian/i);
  });

  it('lists the 4 sections in order, each with its questions as anchor links and a reading time', async () => {
    const { $ } = await get('/');
    const links = $('.toc-section-link')
      .map((_, a) => $(a).attr('href'))
      .get();
    expect(links).toEqual(slugs.map((slug) => `/sections/${slug}`));
    const questionLinks = $('.toc-questions a')
      .map((_, a) => $(a).attr('href'))
      .get();
    expect(questionLinks).toHaveLength(9);
    expect(questionLinks[0]).toBe(`/sections/${slugs[0]}#q1`);
    expect(questionLinks[8]).toBe(`/sections/${slugs[3]}#q9`);
    expect(
      $('.reading-time')
        .map((_, el) => $(el).text())
        .get()
        .every((text) => /\d+ min read/.test(text)),
    ).toBe(true);
  });

  it('has its title, description, canonical link and landmarks', async () => {
    const { $ } = await get('/');
    expect($('title').text()).toBe(
      '\u201cThe only people who are behaving unfriendly here are Western diplomats\u201d \u2014 Georgy Zinoviev',
    );
    expect($('meta[name="description"]').attr('content')).toMatch(/^South Korea is interested/);
    expect($('link[rel="canonical"]').attr('href')).toBe('/');
    expect($('header').length).toBeGreaterThan(0);
    expect($('main#main').length).toBe(1);
    expect($('a.skip-link').attr('href')).toBe('#main');
    expect($('nav[aria-label], nav[aria-labelledby]').length).toBe($('nav').length);
  });

  it('marks the Russian credit lang="ru" and keeps it out of every answer', async () => {
    const { $ } = await get('/');
    const credit = $('[lang="ru"]');
    expect(credit.text()).toBe('Переведено сервисом «Яндекс Переводчик»');
    expect(credit.closest('footer').length).toBe(1);
    for (const slug of slugs) {
      const page = await get(`/sections/${slug}`);
      expect(page.$('.turn-answer').text()).not.toContain('Переведено');
    }
  });
});

describe('GET /sections/:slug', () => {
  it('responds 200 with the section title as the only h1 and a way home', async () => {
    for (const [index, slug] of slugs.entries()) {
      const { response, $ } = await get(`/sections/${slug}`);
      expect(response.status).toBe(200);
      expect($('h1')).toHaveLength(1);
      expect($('a[href="/"]').length).toBeGreaterThan(0);
      expect($('title').text()).toBe(
        `${$('h1').text()} · \u201cThe only people who are behaving unfriendly here are Western diplomats\u201d \u2014 Georgy Zinoviev`,
      );
      expect($('link[rel="canonical"]').attr('href')).toBe(`/sections/${slug}`);
      expect($('.toc [aria-current="page"]').attr('href')).toBe(`/sections/${slug}`);
      expect($('.section-kicker').text()).toContain(`Section ${index + 1} of 4`);
    }
  });

  it('chains previous and next through all sections, as links and rel attributes', async () => {
    for (const [index, slug] of slugs.entries()) {
      const { $ } = await get(`/sections/${slug}`);
      const prev = index > 0 ? `/sections/${slugs[index - 1]}` : undefined;
      const next = index < slugs.length - 1 ? `/sections/${slugs[index + 1]}` : undefined;
      expect($('a[rel="prev"]').attr('href')).toBe(prev);
      expect($('a[rel="next"]').attr('href')).toBe(next);
      expect($('link[rel="prev"]').attr('href')).toBe(prev);
      expect($('link[rel="next"]').attr('href')).toBe(next);
    }
  });

  it('marks every turn with its speaker and gives every question a permalink to itself', async () => {
    const { $ } = await get(`/sections/${slugs[3]}`);
    const questions = $('.qa');
    expect(questions).toHaveLength(3);
    questions.each((_, element) => {
      const id = $(element).attr('id')!;
      expect(id).toMatch(/^q\d+$/);
      expect($(element).find('.turn-question .speaker').text()).toBe('Izvestia');
      expect($(element).find('.turn-answer .speaker').text()).toBe('Georgy Zinoviev');
      expect($(element).find('a.permalink').attr('href')).toBe(`#${id}`);
    });
  });

  it('renders turns as paragraphs, never as Markdown bullets', async () => {
    for (const path of [...slugs.map((slug) => `/sections/${slug}`), '/full']) {
      const { $ } = await get(path);
      expect($('article ul, article li').not('.toc li').length).toBe(0);
      expect($('.question-text').text()).not.toMatch(/^- /);
    }
  });

  it('redirects /sections/<n> with 301 to the slug URL', async () => {
    for (const [index, slug] of slugs.entries()) {
      const response = await request(app).get(`/sections/${index + 1}`);
      expect(response.status).toBe(301);
      expect(response.headers.location).toBe(`/sections/${slug}`);
    }
  });

  it('responds 404 for an unknown slug or number, with a page that links to the contents', async () => {
    for (const path of ['/sections/nope', '/sections/0', '/sections/5', '/nowhere', '/sections/']) {
      const { response, $ } = await get(path);
      expect(response.status, path).toBe(404);
      expect($('h1').text()).toBe('Page not found');
      expect($('a[href="/"]').length).toBeGreaterThan(0);
      expect($('.toc-section-link')).toHaveLength(4);
    }
  });
});

describe('question ids', () => {
  it('are unique across the interview and the same on section pages and /full', async () => {
    const sectionIds: string[] = [];
    for (const slug of slugs)
      sectionIds.push(
        ...(await get(`/sections/${slug}`))
          .$('.qa')
          .map((_, el) => el.attribs.id)
          .get(),
      );
    expect(sectionIds).toEqual(['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8', 'q9']);
    const { $ } = await get('/full');
    expect(
      $('.qa')
        .map((_, el) => el.attribs.id)
        .get(),
    ).toEqual(sectionIds);
    const allIds = $('[id]')
      .map((_, el) => el.attribs.id)
      .get();
    expect(new Set(allIds).size).toBe(allIds.length);
  });
});

describe('GET /full', () => {
  it('shows every section and question on one page, with links that stay on it', async () => {
    const { response, $ } = await get('/full');
    expect(response.status).toBe(200);
    expect($('h1')).toHaveLength(1);
    expect($('.full-section > h2')).toHaveLength(4);
    expect($('title').text()).toMatch(/^Full interview · /);
    expect($('link[rel="canonical"]').attr('href')).toBe('/full');
    const tocLinks = $('.toc a')
      .map((_, a) => $(a).attr('href'))
      .get();
    expect(tocLinks.every((href) => href.startsWith('#'))).toBe(true);
    for (const href of tocLinks) expect($(href).length, href).toBe(1);
  });
});

describe('hostile content', () => {
  it('never lets a <script> or a javascript: URL from the content reach a page', async () => {
    const hostile = siteFrom(
      '"<script>alert(1)</script>"\n"S <img src=x onerror=alert(2)>"\n- Is [x](javascript:alert(3)) ok?\n- <a href="javascript:alert(4)">no</a><iframe src="//evil"></iframe>\n',
    );
    const hostileApp = appFor(hostile);
    for (const path of ['/', '/full', '/sections/s-img-srcx-onerroralert2', '/questions/q1']) {
      const response = await request(hostileApp).get(path);
      expect(response.status, path).toBe(200);
      const $ = cheerio.load(response.text);
      // The only script without src is the JSON-LD data block: never executed, and no '<' that could close it.
      expect($('script:not([src]):not([type="application/ld+json"])').length).toBe(0);
      const jsonLd = response.text.match(/<script type="application\/ld\+json">([^]*?)<\/script>/)?.[1] ?? '{}';
      expect(jsonLd).not.toContain('<');
      // …and the text still reads as it was once parsed.
      if (path === '/')
        expect((JSON.parse(jsonLd) as { headline: string }).headline).toBe(
          '\u201c<script>alert(1)</script>\u201d \u2014 Interviewee',
        );
      expect(
        $('script[src]')
          .map((_, el) => el.attribs.src)
          .get()
          .every((src) => src.startsWith('/assets/')),
      ).toBe(true);
      expect($('img, iframe').length).toBe(0);
      expect($('[onerror]').length).toBe(0);
      expect($('a[href^="javascript:"]').length).toBe(0);
      // Shown as text, not dropped.
      expect($('body').text()).toContain(path === '/' ? '<script>alert(1)</script>' : 'alert');
    }
  });
});

describe('GET /assets/*', () => {
  it('serves the stylesheet and script linked from the pages', async () => {
    const { $ } = await get('/');
    const css = $('link[rel="stylesheet"]').attr('href')!;
    const js = $('script[src]').attr('src')!;
    const cssResponse = await request(app).get(css).expect(200);
    expect(cssResponse.headers['content-type']).toBe('text/css; charset=utf-8');
    const jsResponse = await request(app).get(js).expect(200);
    expect(jsResponse.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('responds 404 for an asset that does not exist or a traversal', async () => {
    for (const path of [
      '/assets/style.css',
      '/assets/../package.json',
      '/assets/%2e%2e/package.json',
      '/package.json',
    ]) {
      const response = await request(app).get(path);
      expect(response.status, path).toBe(404);
      expect(response.text).not.toContain('"dependencies"');
    }
  });
});
