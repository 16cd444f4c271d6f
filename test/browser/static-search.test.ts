// The static copy's search, in Chromium on the exported files: the server's engine, index and results, so every query lists what the server's /search lists.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../support/site.js';
import { newContext, useReaderAndBrowser } from './support/browser.js';

const SITE_URL = 'https://reader.example';
// The server and the copy name the same origin, so even their share links must agree.
const reader = useReaderAndBrowser({ SITE_URL });

/** Twenty queries: words, word beginnings, typos, phrases, any-word fallbacks, no match, caps, markup, noise. */
const QUERIES = [
  'sanctions',
  'Korea',
  'korean culture',
  'sanct',
  'sanktions',
  'trade turnover',
  'turnover trade',
  'South Korean business',
  'Samsung Hyundai',
  'diplomats unfriendly',
  'russophobia',
  'Russia zzzz',
  'qwertyuiop',
  'ec',
  '2024',
  'K-pop',
  '<script>alert(1)</script> Seoul',
  'one two three four five six seven eight nine ten eleven twelve thirteen fourteen sanctions',
  `${'tourism '.repeat(30)}visa`,
  '',
];

/** A static host in a few lines: the file, else the file + .html, else 404.html; the security headers of `_headers`. */
function staticHost(folder: string): Server {
  const headersFile = readFileSync(join(folder, '_headers'), 'utf8');
  const everywhere = /^\/\*\n((?: {2}.+\n)+)/m
    .exec(headersFile)![1]!
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/: (.*)/, 2) as [string, string]);
  const types: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.json': 'application/json',
    '.svg': 'image/svg+xml',
    '.woff2': 'font/woff2',
    '.png': 'image/png',
  };
  const isFile = (path: string) => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  return createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url!, 'http://host').pathname);
    const file = normalize(join(folder, path === '/' ? 'index.html' : path));
    const found = [file, `${file}.html`].find((candidate) => candidate.startsWith(folder) && isFile(candidate));
    response.writeHead(found ? 200 : 404, {
      ...Object.fromEntries(everywhere),
      'content-type': types[extname(found ?? '.html')] ?? 'application/octet-stream',
    });
    response.end(readFileSync(found ?? join(folder, '404.html')));
  });
}

/** What a search page shows, read the same way on both: title, heading, box, notes, and each hit's link and text. */
const shown = (page: Page) =>
  page.evaluate(() => ({
    title: document.title,
    heading: document.querySelector('main h1')!.innerHTML,
    box: document.querySelector<HTMLInputElement>('main input[name="q"]')!.value,
    notes: [...document.querySelectorAll('main .search-note, main .search-count')].map((p) => p.textContent),
    hits: [...document.querySelectorAll('main .search-hit')].map((hit) => ({
      where: hit.querySelector('.search-hit-where')!.textContent,
      href: hit.querySelector('.search-hit-question a')!.getAttribute('href'),
      question: hit.querySelector('.search-hit-question a')!.innerHTML,
      snippet: hit.querySelector('.search-hit-snippet')!.innerHTML,
      page: hit.querySelector('.search-hit-share a')!.getAttribute('href'),
      share: hit.querySelector('.search-hit-share a.share')!.getAttribute('href'),
    })),
  }));

let host: Server;
let copy: string;

beforeAll(async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'static-search-')), 'dist');
  const exported = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/export.ts', '--out', out], {
    cwd: root,
    env: { ...process.env, SITE_URL },
    encoding: 'utf8',
  });
  expect(exported.status, exported.stderr).toBe(0);
  host = staticHost(out);
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  copy = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => (host ? host.close(() => resolve()) : resolve())));

describe('search in the static copy', () => {
  it('shows for twenty queries what the server shows: the same hits in the same order, marked alike', async () => {
    // The server's page without JavaScript (as sent); the copy's with it, once its script has put the results in.
    const server = await (await newContext(reader.browser, 'desktop', { javaScriptEnabled: false })).newPage();
    const browser = await (await newContext(reader.browser, 'desktop')).newPage();
    const errors: string[] = [];
    browser.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    browser.on('pageerror', (error) => errors.push(error.message));
    const hitCounts: number[] = [];
    for (const query of QUERIES) {
      const path = `/search?q=${encodeURIComponent(query)}`;
      await server.goto(reader.origin + path);
      await browser.goto(copy + path);
      await browser.locator('[data-static-search-done]').waitFor({ state: 'attached' });
      const expected = await shown(server);
      expect(await shown(browser), query).toEqual(expected);
      hitCounts.push(expected.hits.length);
    }
    expect(errors).toEqual([]);
    // Not twenty empty pages agreeing: most queries find something, and the typo and the word beginning do.
    expect(hitCounts.filter((count) => count > 0).length).toBeGreaterThanOrEqual(14);
    expect(hitCounts[QUERIES.indexOf('sanktions')]).toBeGreaterThan(0);
    expect(hitCounts[QUERIES.indexOf('sanct')]).toBeGreaterThan(0);
    await server.context().close();
    await browser.context().close();
  });

  it('says, with JavaScript off, that a static copy cannot search, and where to read instead', async () => {
    const context = await newContext(reader.browser, 'desktop', { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${copy}/search?q=sanctions`);
    await expect
      .poll(() => page.locator('[data-static-search-note]').innerText())
      .toMatch(/without it, it cannot search/);
    expect(await page.locator('main a[href="/full"]').count()).toBe(1);
    expect(await page.locator('.search-hit').count()).toBe(0);
    await context.close();
  });
});
