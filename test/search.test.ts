// Search: the index over the real interview (pure), and GET /search over HTTP.
import * as cheerio from 'cheerio';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { parseInterview } from '../src/content/parse.js';
import { renderInterview } from '../src/render/rendered.js';
import { buildSearchIndex } from '../src/render/search/search-index.js';
import { mark, textFragment } from '../src/render/search/engine.js';
import { MAX_QUERY_CHARS, MAX_QUERY_TERMS, normalizeQuery } from '../src/render/search/query.js';
import { appFor, realContent, realSite, siteFrom } from './support/site.js';

const interview = parseInterview(realContent(), 'content/interview.md');
const index = buildSearchIndex(renderInterview(interview));
const app = appFor(realSite());
const questions = interview.sections.flatMap((section) => section.questions.map((question) => ({ section, question })));
/** The whole text of a question and its answer, lower-cased, as a reader would search it with Ctrl+F. */
const textOf = (id: string): string => {
  const { question } = questions.find((entry) => entry.question.id === id)!;
  return [question.text, ...question.answer]
    .map((paragraph) => paragraph.text)
    .join(' ')
    .toLowerCase();
};
const search = async (query: string) => {
  const response = await request(app).get('/search').query({ q: query });
  return { response, $: cheerio.load(response.text) };
};

describe('buildSearchIndex', () => {
  it('finds every question whose text contains a word, ranked before questions that only match it loosely', () => {
    const holders = questions
      .filter(({ question }) => /\bsanctions\b/.test(textOf(question.id)))
      .map(({ question }) => question.id);
    const found = index.search('sanctions').hits.map((hit) => hit.questionId);
    expect(holders.length).toBeGreaterThan(0);
    expect(found.slice(0, holders.length).sort()).toEqual([...holders].sort());
  });

  it('ranks the question holding the exact phrase first, though others contain both words', () => {
    const phrase = 'korean citizens';
    const results = index.search('Korean citizens');
    const holders = questions
      .filter(({ question }) => textOf(question.id).includes(phrase))
      .map(({ question }) => question.id);
    expect(holders).toHaveLength(1);
    expect(results.hits.length).toBeGreaterThan(1);
    expect(results.hits[0]!.questionId).toBe(holders[0]);
    expect(results.hits[0]!.exactPhrase).toBe(true);
    expect(results.hits.slice(1).every((hit) => !hit.exactPhrase)).toBe(true);
  });

  it('matches word beginnings and small typos', () => {
    expect(index.search('sanct').hits.length).toBeGreaterThan(0);
    expect(index.search('sanktions').hits[0]!.questionId).toBe(index.search('sanctions').hits[0]!.questionId);
  });

  it('falls back to any of the words when no question holds them all, and says so', () => {
    const results = index.search('sanctions zzzqqq');
    expect(results.mode).toBe('any');
    expect(results.hits.length).toBeGreaterThan(0);
    expect(index.search('sanctions').mode).toBe('all');
  });

  it('marks matched words in the question and a snippet of the answer', () => {
    const hit = index.search('trade turnover').hits[0]!;
    expect(hit.questionHtml).toContain('<mark>Trade</mark> <mark>turnover</mark>');
    expect(hit.snippetHtml).toMatch(/<mark>trade<\/mark>/i);
    expect(hit.snippetHtml.split(' ').length).toBeLessThan(50);
  });

  it('gives no terms and no hits for an empty query or one of punctuation only', () => {
    for (const query of ['', '   ', '.,;:!?()[]{}"\'']) {
      const results = index.search(query);
      expect(results.hits, JSON.stringify(query)).toEqual([]);
      expect(results.terms).toEqual([]);
    }
  });

  it('gives no hits, not an error, for symbols and regex metacharacters', () => {
    for (const query of ['.*+?^${}()|[]\\', '<>&', '$^', '+++']) expect(index.search(query).hits, query).toEqual([]);
  });
});

describe('normalizeQuery', () => {
  it.each([
    ['collapses white space', '  trade   turnover ', 'trade turnover', ['trade', 'turnover'], false],
    ['keeps one term per word whatever its case', 'Trade TRADE trade', 'Trade TRADE trade', ['trade'], false],
    [
      'cuts 5,000 characters at the cap',
      'a'.repeat(5000),
      'a'.repeat(MAX_QUERY_CHARS),
      ['a'.repeat(MAX_QUERY_CHARS)],
      true,
    ],
    ['keeps at most the term cap', Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '), null, null, true],
  ])('%s', (_name, raw, query, terms, truncated) => {
    const result = normalizeQuery(raw);
    if (query !== null) expect(result.query).toBe(query);
    if (terms !== null) expect(result.terms).toEqual(terms);
    expect(result.terms.length).toBeLessThanOrEqual(MAX_QUERY_TERMS);
    expect(result.truncated).toBe(truncated);
  });

  it.each([
    ['NUL around a word', '\u0000korea\u0000', 'korea'],
    ['C0 and C1 controls', '\u0001\u0002\u001bkorea\u007f\u0080\u009f', 'korea'],
    ['tab, newline and form feed as spaces', 'south\tkorea\nseoul\fmoscow', 'south korea seoul moscow'],
    ['an unbalanced right-to-left override', '\u202ekorea', 'korea'],
    [
      'every bidi mark, embedding, override and isolate',
      '\u200ea\u200f\u061cb\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069c',
      'abc',
    ],
  ])('drops %s', (_name, raw, query) => {
    expect(normalizeQuery(raw).query).toBe(query);
  });

  it('keeps letters of every script, and cuts between words, never inside one', () => {
    expect(normalizeQuery('Зиновьев 서울 مرحبا').query).toBe('Зиновьев 서울 مرحبا');
    const result = normalizeQuery('korea '.repeat(1200));
    expect(result.cutBy).toBe('characters');
    expect(result.terms).toEqual(['korea']);
    expect(Array.from(result.query).length).toBeLessThanOrEqual(MAX_QUERY_CHARS);
    expect(result.query.endsWith(' korea')).toBe(true);
  });

  it('cuts before the thirteenth distinct word, keeping repeats of the first twelve', () => {
    const words = Array.from({ length: 20 }, (_, i) => `w${i}`);
    const result = normalizeQuery(`${words.slice(0, 12).join(', ')}, w0 W1, ${words.slice(12).join(' ')}`);
    expect(result.cutBy).toBe('words');
    expect(result.terms).toEqual(words.slice(0, 12));
    expect(result.query).toBe(`${words.slice(0, 12).join(', ')}, w0 W1`);
  });

  it('never cuts a character in half', () => {
    const result = normalizeQuery('😀'.repeat(300));
    expect(Array.from(result.query)).toHaveLength(MAX_QUERY_CHARS);
    expect(result.query).not.toMatch(/[\uD800-\uDBFF]$/);
  });
});

describe('mark', () => {
  it('escapes the text and wraps whole matched words', () => {
    expect(mark('Trade & "trade", traders', new Set(['trade'])).html).toBe(
      '<mark>Trade</mark> &amp; &quot;<mark>trade</mark>&quot;, traders',
    );
  });

  it('never lets markup from the text through, whatever is matched', () => {
    const hostile = '<script>alert(1)</script> <mark>x</mark> <img src=x onerror=alert(2)> a&b';
    const matched = new Set(['script', 'mark', 'img', 'x', 'alert', 'a', 'b', 'onerror']);
    const { html } = mark(hostile, matched);
    expect(html.replace(/<\/?mark>/g, '')).not.toMatch(/[<>"]/);
    expect(cheerio.load(html).text()).toBe(hostile);
  });
});

describe('textFragment', () => {
  it('builds a text directive with the reserved characters percent-encoded', () => {
    expect(textFragment(['anti-Russian', 'a&b', 'x,y'])).toBe(':~:text=anti%2DRussian&text=a%26b&text=x%2Cy');
    expect(textFragment(['Trade', 'trade', 'turnover'])).toBe(':~:text=Trade&text=turnover');
    expect(textFragment([])).toBe('');
  });
});

describe('GET /search', () => {
  it('responds 200 with each hit: the question, a marked snippet, and a link to its anchor that highlights the words', async () => {
    const { response, $ } = await search('trade turnover');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const first = $('.search-hit').first();
    const href = first.find('.search-hit-question a').attr('href')!;
    expect(href).toBe(
      '/sections/seoul-is-interested-in-preserving-trade-and-economic-ties-with-russia#q1:~:text=Trade%20turnover%20between',
    );
    expect(first.find('mark').length).toBeGreaterThan(1);
    expect(first.find('.search-hit-snippet').text().length).toBeGreaterThan(20);
    expect(first.find('.search-hit-share a').attr('href')).toBe('/questions/q1');
    expect($('h1').text()).toBe('Search results for “trade turnover”');
  });

  it('makes a snippet from the opening of a long answer only: a match past it is a hit with the opening, unmarked', async () => {
    const filler = 'The ambassador spoke at length about many things. '.repeat(200);
    const text = ['"Headline"', '"Section"', '- A question?', `- ${filler}Early zebra words.`, ''].join('\n');
    const longApp = appFor(siteFrom(text));
    const $ = cheerio.load((await request(longApp).get('/search?q=zebra')).text);
    expect($('.search-hit')).toHaveLength(1);
    const snippet = $('.search-hit-snippet').first();
    expect(snippet.find('mark')).toHaveLength(0);
    expect(snippet.text()).toMatch(/^The ambassador spoke at length[\s\S]* …$/);
    expect($('.search-hit-question a').attr('href')).toBe('/sections/section#q1');
    const near = cheerio.load((await request(longApp).get('/search?q=ambassador')).text);
    expect(near('.search-hit-snippet mark').first().text()).toBe('ambassador');
  });

  it('reads q as WHATWG URL parsing does: from the first ? to the end, a second ? included', async () => {
    const response = await request(app).get('/search?q=Korea?sanctions');
    const $ = cheerio.load(response.text);
    expect($('h1').text()).toBe('Search results for “Korea?sanctions”');
    expect($('input[name="q"]').attr('value')).toBe('Korea?sanctions');
  });

  it('links each hit with a text fragment whose first occurrence on the target page is inside that question', async () => {
    const normalize = (text: string) => text.replace(/\s+/g, ' ');
    let checked = 0;
    for (const query of [
      'korean citizens',
      'korean',
      'russia',
      'sanctions',
      'diplomats',
      'trade turnover',
      'izvestia',
    ]) {
      const { $ } = await search(query);
      for (const href of $('.search-hit-question a')
        .map((_, a) => $(a).attr('href'))
        .get()) {
        const [path, fragment] = href.split('#') as [string, string];
        const [id, directive] = fragment.split(':~:text=');
        if (!directive) continue;
        const phrase = decodeURIComponent(directive).toLowerCase();
        const page = cheerio.load((await request(app).get(path)).text);
        const body = normalize(page('body').text()).toLowerCase();
        const question = normalize(page(`#${id}`).text()).toLowerCase();
        const start = body.indexOf(question);
        const first = body.indexOf(phrase);
        expect(first, `${query}: ${href}`).toBeGreaterThanOrEqual(start);
        expect(first + phrase.length, `${query}: ${href}`).toBeLessThanOrEqual(start + question.length);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(15);
  });

  it('keeps the query out of every link: highlighting travels in the fragment only', async () => {
    const { $ } = await search('sanctions');
    const hrefs = $('a[href]')
      .map((_, a) => $(a).attr('href'))
      .get();
    expect(hrefs.some((href) => href.includes(':~:text='))).toBe(true);
    expect(hrefs.filter((href) => href.includes('?'))).toEqual([]);
  });

  it('is not indexed and may be cached briefly', async () => {
    const { response, $ } = await search('trade');
    expect($('meta[name="robots"]').attr('content')).toBe('noindex');
    expect(response.headers['x-robots-tag']).toBe('noindex');
    expect(response.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('prefills the search box, which is on every page as a labelled GET form', async () => {
    const { $ } = await search('trade & <b>');
    expect($('form[role="search"] input[name="q"]').val()).toBe('trade & <b>');
    for (const path of ['/', '/full', '/questions/q1', '/no-such-page']) {
      const page = cheerio.load((await request(app).get(path)).text);
      const form = page('form[role="search"]');
      expect(form.attr('action'), path).toBe('/search');
      expect(form.attr('method'), path).toBe('get');
      expect(page(`label[for="${form.find('input').attr('id')}"]`).text(), path).toBe('Search the interview');
    }
  });

  it('responds 200 with a prompt for an empty or missing query', async () => {
    for (const path of ['/search', '/search?q=', '/search?q=%20%20']) {
      const response = await request(app).get(path);
      expect(response.status, path).toBe(200);
      expect(cheerio.load(response.text)('h1').text()).toBe('Search the interview');
    }
  });

  it('escapes markup in the query everywhere it is shown', async () => {
    const { response, $ } = await search('<script>alert(1)</script> "><img src=x onerror=alert(2)>');
    expect(response.status).toBe(200);
    expect(response.text).not.toContain('<script>alert');
    expect(response.text).not.toContain('<img');
    expect($('img, [onerror]').length).toBe(0);
    expect($('h1').text()).toContain('<script>alert(1)</script>');
  });

  it('treats regex metacharacters as text', async () => {
    for (const query of ['.*', '(a|b)+$', '[', '\\', 'trade.*']) {
      const { response } = await search(query);
      expect(response.status, query).toBe(200);
    }
    expect((await search('trade.*')).$('.search-hit').length).toBeGreaterThan(0);
  });

  it('answers a 6,000-character query with a page that says it was cut at 200 characters, and shows what was searched', async () => {
    const { response, $ } = await search('trade '.repeat(1000).trim());
    expect(response.status).toBe(200);
    expect($('.search-note').text()).toBe(
      `Only the query’s first ${MAX_QUERY_CHARS} characters were searched: the rest were left out.`,
    );
    const shown = $('h1 bdi').text();
    expect(shown).toBe(normalizeQuery('trade '.repeat(1000)).query);
    expect(shown.split(' ').every((word) => word === 'trade')).toBe(true);
    expect($('input[name="q"]').first().attr('value')).toBe(shown);
  });

  it('shows and counts the 12 distinct words searched when 20 are asked for', async () => {
    const asked = Array.from({ length: 20 }, (_, i) => `zzq${i}`);
    const { $ } = await search(asked.join(' '));
    const searched = asked.slice(0, MAX_QUERY_TERMS).join(' ');
    expect($('.search-note').text()).toBe(
      `Only the query’s first ${MAX_QUERY_TERMS} different words were searched: the rest were left out.`,
    );
    expect($('h1').text()).toBe(`Search results for “${searched}”`);
    expect($('.search-count').text()).toContain(`No question or answer contains “${searched}”`);
    expect($('title').text()).toContain(`Search: ${searched} ·`);
    expect($('.search-note').length).toBe(1);
    expect((await search('trade')).$('.search-note').length).toBe(0);
  });

  it('reads only the first q of a repeated parameter, and survives malformed encoding', async () => {
    const repeated = await request(app).get('/search?q=trade&q=%3Cb%3E');
    expect(repeated.status).toBe(200);
    expect(cheerio.load(repeated.text)('h1').text()).toBe('Search results for “trade”');
    const malformed = await request(app).get('/search?q=%E0%A4%A');
    expect(malformed.status).toBe(200);
  });

  it('says so when nothing matches', async () => {
    const { $ } = await search('zzzqqqxxx');
    expect($('.search-count').text()).toContain('No question or answer contains “zzzqqqxxx”');
  });

  it('answers HEAD without a body and responds 405 for POST', async () => {
    const head = await request(app).head('/search?q=trade');
    expect(head.status).toBe(200);
    expect(head.text ?? '').toBe('');
    const post = await request(app).post('/search').send('q=trade');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });
});
