// A generated interview far larger than the real one: every page still builds, and section pages stay small.
import { readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { generateInterview } from '../scripts/bench/generate.js';
import { FULL_TOC_MAX_SECTIONS } from '../src/pages.js';
import { appFor, realContent, siteFrom } from './support/site.js';

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
    expect($('.toc-section-link .toc-text').text()).toBe($('.section-kicker a').text());
    expect($('.toc [aria-current="page"]').map((_, a) => $(a).attr('href')).get()).toEqual(['/questions/q43']);
  });

  it('starts the first section page contents at 1, with no start attribute', async () => {
    const $ = cheerio.load((await request(app).get((await request(app).get('/sections/1')).headers.location!)).text);
    expect($('.toc-section')).toHaveLength(4);
    expect($('.toc-sections').attr('start')).toBeUndefined();
  });
});

describe('the search index of a large interview', () => {
  it('is built in steps, one per turn of the event loop, while other work goes on; a search waits for it', async () => {
    const fresh = siteFrom(readFileSync(generated.file, 'utf8'));
    const pending = fresh.searchIndexPending!();
    expect(pending).toBeInstanceOf(Promise);
    expect(fresh.searchIndexPending!()).toBe(pending);
    // Count the turns of the event loop that other work got before the index was done.
    let turns = 0;
    let done = false;
    const tick = () => {
      if (done) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const search = request(appFor(fresh)).get('/search?q=sanctions');
    await pending;
    done = true;
    // One step per section (30) and per 100 questions indexed (1).
    expect(turns).toBeGreaterThanOrEqual(30);
    expect(fresh.searchIndexPending!()).toBeUndefined();
    const response = await search;
    expect(response.status).toBe(200);
    expect(response.text).toContain('<mark>');
  });

  it('gives the same results built in steps as built at once', async () => {
    const stepped = siteFrom(readFileSync(generated.file, 'utf8'));
    await stepped.searchIndexPending!();
    const atOnce = siteFrom(readFileSync(generated.file, 'utf8'));
    for (const query of ['sanctions', 'korea peninsula', 'zzzz']) expect(stepped.renderSearch!(query)).toBe(atOnce.renderSearch!(query));
  });
});
