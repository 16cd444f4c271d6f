// HTTP caching and compression of the prebuilt responses: encodings, ETags and 304, HEAD, Cache-Control, the first-flight budget.
import * as cheerio from 'cheerio';
import request from 'supertest';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { securityHeaders } from '../src/site/headers.js';
import { negotiateEncoding } from '../src/http/negotiate.js';
import { ASSET_CACHE_CONTROL, HTML_CACHE_CONTROL } from '../src/site/resource.js';
import { appFor, realSite } from './support/site.js';

const site = realSite();
const app = appFor(site);
// HTML pages only: sitemap.xml and robots.txt are generated files, too small for compression to pay.
const pagePaths = [...site.resources.entries()]
  .filter(([, resource]) => resource.variants.identity.headers['content-type']?.startsWith('text/html'))
  .map(([path]) => path);
const sectionPath = pagePaths.find((path) => path.startsWith('/sections/'))!;
const assetPaths = [...site.assetUrls.values()];
const cssPath = site.assetUrls.get('style.css')!;
/** One round trip: the first TCP flight of a new connection (10 segments). */
/** What a server sends in its first round trip: TCP's initial window, 10 segments of 1,460 bytes (RFC 6928). */
const BUDGET_BYTES = 14_600;

describe('GET a page with Accept-Encoding', () => {
  it.each([
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['br;q=0.5, gzip', 'gzip'],
    ['br;q=0, *', 'gzip'],
    ['*', 'br'],
    ['identity', undefined],
    ['deflate', undefined],
    ['br;q=0, gzip;q=0', undefined],
    ['identity;q=0, gzip', 'gzip'],
  ])('answers %j with Content-Encoding %s', async (accept, encoding) => {
    const response = await request(app).get(sectionPath).set('Accept-Encoding', accept);
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe(encoding);
    expect(response.headers.vary).toBe('Accept-Encoding');
  });

  it('sends no Content-Encoding when the request has no Accept-Encoding', async () => {
    const response = await request(app).get('/').unset('Accept-Encoding');
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers.vary).toBe('Accept-Encoding');
  });

  it('sends the same page, byte for byte, whichever encoding it picks', async () => {
    for (const path of pagePaths) {
      const texts = await Promise.all(
        ['br', 'gzip', 'identity'].map(
          async (accept) => (await request(app).get(path).set('Accept-Encoding', accept)).text,
        ),
      );
      expect(texts[0]).toBe(texts[2]);
      expect(texts[1]).toBe(texts[2]);
      const { variants } = site.resources.get(path)!;
      expect(brotliDecompressSync(variants.br.body).equals(variants.identity.body)).toBe(true);
      expect(gunzipSync(variants.gzip.body).equals(variants.identity.body)).toBe(true);
      expect(variants.br.body.length).toBeLessThan(variants.identity.body.length);
    }
  });

  it('gives each encoding its own strong ETag and a Content-Length that matches the bytes sent', async () => {
    const tags = new Set<string>();
    for (const accept of ['br', 'gzip', 'identity']) {
      const response = await request(app).get('/').set('Accept-Encoding', accept);
      expect(response.headers.etag).toMatch(/^"[\w-]+"$/);
      expect(Number(response.headers['content-length'])).toBe(
        site.resources.get('/')!.variants[accept as 'br'].body.length,
      );
      tags.add(response.headers.etag!);
    }
    expect(tags.size).toBe(3);
  });
});

describe('negotiateEncoding', () => {
  it('gives identity for no header, an empty one, or one that refuses everything', () => {
    expect(negotiateEncoding(undefined)).toBe('identity');
    expect(negotiateEncoding('')).toBe('identity');
    expect(negotiateEncoding('identity;q=0')).toBe('identity');
    expect(negotiateEncoding('*;q=0')).toBe('identity');
  });

  it('gives the same answer for a header seen before and for a very long one', () => {
    expect(negotiateEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(negotiateEncoding('gzip, deflate, br, zstd')).toBe('br');
    const long = `${'x-junk;q=0.1, '.repeat(40)}gzip`;
    expect(negotiateEncoding(long)).toBe('gzip');
    expect(negotiateEncoding(long)).toBe('gzip');
  });
});

describe('GET a page with If-None-Match', () => {
  it('responds 304 with no body when the ETag matches the variant it would send', async () => {
    const first = await request(app).get(sectionPath).set('Accept-Encoding', 'br');
    const again = await request(app)
      .get(sectionPath)
      .set('Accept-Encoding', 'br')
      .set('If-None-Match', first.headers.etag!);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['cache-control']).toBe(HTML_CACHE_CONTROL);
    expect(again.headers.vary).toBe('Accept-Encoding');
    expect(again.headers['content-length']).toBeUndefined();
  });

  it('responds 304 for a weak match, `*`, and a list that holds the ETag', async () => {
    const etag = (await request(app).get('/').set('Accept-Encoding', 'gzip')).headers.etag!;
    for (const header of [`W/${etag}`, '*', `"other", ${etag}`]) {
      const response = await request(app).get('/').set('Accept-Encoding', 'gzip').set('If-None-Match', header);
      expect(response.status).toBe(304);
    }
  });

  it('responds 200 with the body when the ETag does not match', async () => {
    const response = await request(app).get('/').set('If-None-Match', '"not-this-one"');
    expect(response.status).toBe(200);
    expect(response.text).toContain('<!doctype html>');
  });

  it('responds 200 when the ETag is that of another encoding, with the ETag of the one sent', async () => {
    const gzipTag = (await request(app).get('/').set('Accept-Encoding', 'gzip')).headers.etag!;
    const response = await request(app).get('/').set('Accept-Encoding', 'br').set('If-None-Match', gzipTag);
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers.etag).not.toBe(gzipTag);
  });

  it('responds 404, not 304, for an unknown path whatever the ETag', async () => {
    const response = await request(app).get('/no-such-page').set('If-None-Match', '*');
    expect(response.status).toBe(404);
  });
});

describe('HEAD a page', () => {
  it('responds with the headers of GET and no body', async () => {
    for (const accept of ['br', 'gzip', 'identity']) {
      const get = await request(app).get(sectionPath).set('Accept-Encoding', accept);
      const head = await request(app).head(sectionPath).set('Accept-Encoding', accept);
      expect(head.status).toBe(200);
      expect(head.text ?? '').toBe('');
      const withoutDate = (headers: Record<string, string>) =>
        Object.entries(headers).filter(([name]) => name !== 'date');
      expect(withoutDate(head.headers)).toEqual(withoutDate(get.headers));
    }
  });
});

describe('Cache-Control', () => {
  it('lets browsers and shared caches keep HTML for a minute and revalidate it', async () => {
    for (const path of pagePaths) {
      expect((await request(app).get(path)).headers['cache-control']).toBe(HTML_CACHE_CONTROL);
    }
    expect(HTML_CACHE_CONTROL).toMatch(/^public, max-age=\d+/);
  });

  it('caches hashed assets for a year as immutable, with a URL that carries the content hash', async () => {
    expect(assetPaths.length).toBeGreaterThanOrEqual(3);
    for (const path of assetPaths) {
      expect(path).toMatch(/^\/assets\/[\w-]+\.[\w-]{10}\.\w+$/);
      const response = await request(app).get(path);
      expect(response.status).toBe(200);
      expect(response.headers['cache-control']).toBe(ASSET_CACHE_CONTROL);
      expect(ASSET_CACHE_CONTROL).toBe('public, max-age=31536000, immutable');
    }
  });

  it('sends no-store with the plain 405', async () => {
    const response = await request(app).post('/');
    expect(response.status).toBe(405);
    expect(response.headers['cache-control']).toBe('no-store');
  });
});

describe('the first-flight budget', () => {
  // /full holds the whole interview and every editorial note (its text alone is over 40 KB): it is read straight
  // through and cannot arrive in one round trip. Every other page, notes included, must.
  it('keeps every page but /full, with the stylesheet and script it loads, within 14,600 bytes brotli-compressed', async () => {
    const pages = [
      ...pagePaths.filter((path) => path !== '/full').map((path) => ({ path, status: 200 })),
      { path: '/no-such-page', status: 404 },
    ];
    const totals: string[] = [];
    for (const { path, status } of pages) {
      const response = await request(app).get(path).set('Accept-Encoding', 'br');
      expect(response.status).toBe(status);
      const $ = cheerio.load(response.text);
      const stylesheets = $('link[rel~="stylesheet"]')
        .map((_, link) => $(link).attr('href'))
        .get();
      // The JSON-LD block is data, not a request: only scripts that load something count.
      const scripts = $('script:not([type="application/ld+json"])').toArray();
      // One render-blocking request at most: a single stylesheet; every script deferred and external.
      expect(stylesheets, path).toEqual([cssPath]);
      for (const script of scripts) {
        expect($(script).attr('src'), path).toBeTruthy();
        expect($(script).attr('defer') !== undefined || $(script).attr('type') === 'module', path).toBe(true);
      }
      let total = Number(response.headers['content-length']);
      for (const href of [...stylesheets, ...scripts.map((script) => $(script).attr('src')!)]) {
        const asset = await request(app).get(href).set('Accept-Encoding', 'br');
        expect(asset.status).toBe(200);
        total += Number(asset.headers['content-length']);
      }
      expect(total, `${path}: ${total} bytes`).toBeLessThanOrEqual(BUDGET_BYTES);
      totals.push(`${path} ${total}`);
    }
    console.log(`first flight, brotli bytes (budget ${BUDGET_BYTES}): ${totals.join(', ')}`);
  });
});

describe('security headers', () => {
  const expected = securityHeaders({ hsts: false });

  it.each([
    ['a page', (agent: request.Agent) => agent.get(sectionPath), 200],
    ['a page, not modified', (agent: request.Agent) => agent.get('/').set('If-None-Match', '*'), 304],
    ['a page, HEAD', (agent: request.Agent) => agent.head('/'), 200],
    ['an asset', (agent: request.Agent) => agent.get(cssPath), 200],
    ['an unknown path', (agent: request.Agent) => agent.get('/nope'), 404],
    ['a redirect', (agent: request.Agent) => agent.get('/sections/1'), 301],
    ['a POST', (agent: request.Agent) => agent.post('/'), 405],
    ['a malformed URL', (agent: request.Agent) => agent.get('/sections/%E0%A4%A'), 400],
  ])('are the same on %s', async (_name, send, status) => {
    const response = await send(request.agent(app));
    expect(response.status).toBe(status);
    for (const [name, value] of Object.entries(expected))
      expect(response.headers[name.toLowerCase()], name).toBe(value);
  });
});
