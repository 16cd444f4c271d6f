// A generated interview far larger than the real one: every page still builds, and section pages stay small.
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { generateInterview } from '../scripts/bench/generate.js';
import { FULL_TOC_MAX_SECTIONS } from '../src/render/pages.js';
import { loadSearchTemplate } from '../src/run/templates.js';
import { decodeSnapshot, encodeSnapshot } from '../src/site/snapshot.js';
import { openSite } from '../src/site/site.js';
import { appFor, realContent, root, siteFrom } from './support/site.js';

const generated = generateInterview(realContent(), { sections: 30, questionsPerSection: 3, extraParagraphs: 1 });
const site = siteFrom(readFileSync(generated.file, 'utf8'));
const app = appFor(site);
afterAll(() => rmSync(dirname(generated.file), { recursive: true, force: true }));

describe('an interview with 30 sections', () => {
  it('lists every section and question on the home page', async () => {
    const $ = cheerio.load((await request(app).get('/')).text);
    expect($('.toc-section')).toHaveLength(30);
    expect($('.toc-questions a')).toHaveLength(90);
  });

  it(`lists only the sections near the current one on a section page, numbered as on the home page (over ${FULL_TOC_MAX_SECTIONS} sections)`, async () => {
    const response = await request(app).get('/sections/15');
    expect(response.status).toBe(301);
    const $ = cheerio.load((await request(app).get(response.headers.location!)).text);
    expect($('.section-kicker').text()).toContain('Section 15 of 30');
    expect($('.toc-section')).toHaveLength(7);
    expect($('.toc-sections').attr('start')).toBe('12');
    expect($('.toc-section-link[aria-current="page"]').attr('href')).toBe(response.headers.location);
  });

  it('lists only its own section on a question page, so the site grows linearly with the interview', async () => {
    // Question 43 is the first of section 15 (3 questions a section).
    const $ = cheerio.load((await request(app).get('/questions/q43').expect(200)).text);
    expect($('.toc-section')).toHaveLength(1);
    expect($('.toc-sections').attr('start')).toBe('15');
    // Its own section is the one listed; only the question's own entry is the current page.
    expect($('.toc-section-link .toc-text').text()).toBe($('.question-where a').text());
    expect(
      $('.toc [aria-current="page"]')
        .map((_, a) => $(a).attr('href'))
        .get(),
    ).toEqual(['/questions/q43']);
  });

  it('starts the first section page contents at 1, with no start attribute', async () => {
    const $ = cheerio.load((await request(app).get((await request(app).get('/sections/1')).headers.location!)).text);
    expect($('.toc-section')).toHaveLength(4);
    expect($('.toc-sections').attr('start')).toBeUndefined();
  });
});

describe('the search index in the snapshot', () => {
  it('is loaded back from the snapshot in batches, while other work goes on, and finds what the build found', async () => {
    // 3,000 distinct words, one hundred to an answer: minisearch pauses after every 1,000 terms it loads.
    const answer = (q: number) => Array.from({ length: 100 }, (_, i) => `word${(q * 100 + i).toString(36)}`).join(' ');
    const text = `"A headline"\n\n"A section"\n\n${Array.from({ length: 30 }, (_, q) => `- Question ${q} on sanctions?\n\n- ${answer(q)}.\n`).join('\n')}`;
    const built = siteFrom(text);
    const decoded = decodeSnapshot(encodeSnapshot(built, 'inputs'), 'inputs');
    if (decoded.kind !== 'loaded') throw new Error(`expected loaded, got ${decoded.kind}`);
    // Count the turns of the event loop that other work got while the index was loaded.
    let turns = 0;
    let done = false;
    const tick = () => {
      if (done) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const opened = await openSite(decoded.site, loadSearchTemplate(join(root, 'views')));
    done = true;
    const terms = (JSON.parse(decoded.site.search.index.miniSearch) as { index: unknown[] }).index.length;
    expect(terms).toBeGreaterThan(1000);
    expect(turns).toBeGreaterThanOrEqual(Math.floor(terms / 1000));
    for (const query of ['sanctions', 'word1a question', 'zzzz'])
      expect(opened.renderSearch(query)).toBe(built.renderSearch(query));
    const response = await request(appFor(opened)).get('/search?q=sanctions');
    expect(response.status).toBe(200);
    expect(response.text).toContain('<mark>');
  });
});
