// Hostile requests and security headers, over a real socket (paths sent byte for byte) against createApp.
import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityHeaders } from '../src/site/headers.js';
import { listen, rawRequest, type RawResponse } from './support/http.js';
import { appFor, realSite } from './support/site.js';

const site = realSite();
const section = '/sections/seoul-is-interested-in-preserving-trade-and-economic-ties-with-russia';
const asset = site.assetUrls.get('style.css')!;
let server: Awaited<ReturnType<typeof listen>>;
const send = (path: string, method = 'GET', headers: Record<string, string> = {}) =>
  rawRequest(server.port, { method, path, headers });

beforeAll(async () => {
  server = await listen(appFor(site));
});
afterAll(() => server.close());

/** Security headers every response the app sends must carry. */
function expectSecurityHeaders(response: RawResponse, label: string) {
  const csp = response.headers['content-security-policy'] as string | undefined;
  expect(csp, label).toBeDefined();
  const directives = new Map(
    csp!.split(';').map((directive) => {
      const [name, ...values] = directive.trim().split(/\s+/);
      return [name!, values.join(' ')];
    }),
  );
  expect(directives.get('default-src'), label).toBe("'self'");
  expect(directives.get('frame-ancestors'), label).toBe("'none'");
  expect(directives.get('object-src'), label).toBe("'none'");
  expect(directives.get('base-uri'), label).toBe("'none'");
  expect(directives.get('form-action'), label).toBe("'self'");
  expect(csp, label).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/);
  expect(response.headers['x-content-type-options'], label).toBe('nosniff');
  expect(response.headers['referrer-policy'], label).toBe('strict-origin-when-cross-origin');
  expect(response.headers['x-powered-by'], label).toBeUndefined();
  expect(response.headers['strict-transport-security'], label).toBeUndefined();
}

describe('security headers', () => {
  it('are on every kind of response: pages, assets, 304, 301, 400, 404, 405, 414 and /healthz', async () => {
    const etag = (await send('/')).headers.etag!;
    const cases: [string, string, Record<string, string>, number][] = [
      ['GET', '/', {}, 200],
      ['HEAD', '/full', {}, 200],
      ['GET', section, { 'accept-encoding': 'br' }, 200],
      ['GET', asset, {}, 200],
      ['GET', '/', { 'if-none-match': etag }, 304],
      ['GET', '/sections/1', {}, 301],
      ['GET', '/full/', {}, 301],
      ['GET', '/%E0%A4%A', {}, 400],
      ['GET', '/nowhere', {}, 404],
      ['POST', '/', {}, 405],
      ['GET', `/${'a'.repeat(10_000)}`, {}, 414],
      ['GET', '/healthz', {}, 200],
    ];
    for (const [method, path, headers, status] of cases) {
      const label = `${method} ${path.slice(0, 40)}`;
      const response = await send(path, method, headers);
      expect(response.status, label).toBe(status);
      expectSecurityHeaders(response, label);
    }
  });

  it('include Strict-Transport-Security and upgrade-insecure-requests only when HSTS is on', () => {
    expect(securityHeaders({ hsts: false })['strict-transport-security']).toBeUndefined();
    const withHsts = securityHeaders({ hsts: true });
    expect(withHsts['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(withHsts['content-security-policy']).toContain('upgrade-insecure-requests');
  });
});

describe('hostile requests', () => {
  const leaks = (body: string) => /"dependencies"|root:x:0:0|compilerOptions/.test(body);

  it('responds 400 with a short page for malformed percent-encoding, wherever it is in the path', async () => {
    for (const path of [
      '/%E0%A4%A',
      '/sections/%C0%AE%C0%AE%2F',
      '/%E0%A4%A/',
      '/sections/%ZZ',
      '/assets/%C0%AE%C0%AE/x.css',
      '/%',
    ]) {
      for (const method of ['GET', 'POST']) {
        const response = await send(path, method);
        expect(response.status, `${method} ${path}`).toBe(400);
        expect(response.body).toBe(
          '400 Bad Request: the address could not be understood (malformed percent-encoding).\n',
        );
        expect(response.headers['cache-control']).toBe('no-store');
      }
    }
  });

  it('responds 404 with the not-found page for traversal attempts, never a file', async () => {
    const paths = [
      '/..%2f..%2fpackage.json',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/../../etc/passwd',
      '/assets/../package.json',
      '/assets/..%2f..%2fpackage.json',
      `${asset.replace(/[^/]+$/, '')}..%2F..%2Ftsconfig.json`,
      '/assets/%2e%2e/%2e%2e/package.json',
      '/sections/..%5c..%5cpackage.json',
      '/%2e%2e%2f',
    ];
    for (const path of paths) {
      const response = await send(path);
      expect(response.status, path).toBe(404);
      expect(response.body, path).toContain('Page not found');
      expect(leaks(response.body), path).toBe(false);
    }
  });

  it('responds 414 to a 10,000-character path', async () => {
    const response = await send(`/sections/${'x'.repeat(10_000)}`);
    expect(response.status).toBe(414);
    expect(response.body).toBe('414 URI Too Long: the address is too long.\n');
  });

  it('responds 431 to a 20 KB header (Node refuses it before the app; createHttpServer adds the headers)', async () => {
    const response = await send('/', 'GET', { 'x-padding': 'a'.repeat(20 * 1024) });
    expect(response.status).toBe(431);
    expectSecurityHeaders(response, '431');
  });

  it('responds 405 with Allow to POST, PUT, DELETE, PATCH and OPTIONS on pages', async () => {
    for (const path of ['/', '/full', section, asset, '/healthz']) {
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
        const response = await send(path, method);
        expect(response.status, `${method} ${path}`).toBe(405);
        expect(response.headers.allow).toBe('GET, HEAD');
      }
    }
  });

  it('responds 405 with Allow, not a redirect, to POST and PUT on a path that redirects', async () => {
    for (const path of ['/sections/1', '/full/', '/interview.epub', '/search/?q=korea']) {
      for (const method of ['POST', 'PUT']) {
        const response = await send(path, method);
        expect(response.status, `${method} ${path}`).toBe(405);
        expect(response.headers.allow).toBe('GET, HEAD');
        expect(response.headers.location).toBeUndefined();
        expectSecurityHeaders(response, `${method} ${path}`);
      }
    }
    expect((await send('/sections/1', 'HEAD')).status).toBe(301);
  });

  it('ignores odd query strings: the same page, byte for byte', async () => {
    const plain = await send(section);
    for (const query of [
      '?__proto__[x]=1',
      '?constructor[prototype][x]=1',
      `?q=${'a'.repeat(5000)}`,
      '?<script>=1&a=%E0%A4%A',
      '?a[]=1&a[]=2',
    ]) {
      const response = await send(section + query);
      expect(response.status, query.slice(0, 30)).toBe(200);
      expect(response.body).toBe(plain.body);
    }
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('redirects a trailing slash without echoing the query string into Location', async () => {
    const response = await send('/full/?next=//evil.example');
    expect(response.status).toBe(301);
    expect(response.headers.location).toBe('/full');
  });

  it('never answers 5xx to any of these requests', async () => {
    const paths = [
      '/%00',
      '/%u0000',
      '/\u00e9',
      '//',
      '//evil.example/',
      '/sections/%2F%2F',
      '/assets/',
      '/.env',
      '/.git/config',
      '/healthz/..',
    ];
    for (const path of paths) {
      const response = await send(encodeURI(path) === path ? path : encodeURI(path));
      expect(response.status, path).toBeLessThan(500);
    }
  });
});

describe('exact routes', () => {
  it('answers only the exact case: /SEARCH, /Search/, /HEALTHZ, /Healthz/ and /FULL are 404s', async () => {
    for (const path of [
      '/SEARCH?q=korea',
      '/Search?q=korea',
      '/Search/?q=korea',
      '/HEALTHZ',
      '/Healthz/',
      '/FULL',
      '/Full/',
    ]) {
      const response = await send(path);
      expect(response.status, path).toBe(404);
      // The 404 page, not a search page that a cache could keep or robots.txt's case-sensitive Disallow miss.
      expect(response.headers['x-robots-tag'], path).toBeUndefined();
      expectSecurityHeaders(response, path);
    }
  });

  it('redirects a trailing slash on /search (keeping q, re-encoded) and /healthz to the exact path', async () => {
    const cases: [string, string][] = [
      ['/search/', '/search'],
      ['/search/?q=korea', '/search?q=korea'],
      // The query runs from the first ? to any #, as WHATWG URL parsing reads it: a second ? is part of q.
      ['/search/?q=Korea?sanctions', '/search?q=Korea%3Fsanctions'],
      ['/search/?q=Korea?sanctions#top', '/search?q=Korea%3Fsanctions'],
      ['/search//?q=south%20korea&next=//evil.example', '/search?q=south+korea'],
      ['/search/?q=%3Cscript%3E%0d%0aSet-Cookie:x', '/search?q=%3Cscript%3E%0D%0ASet-Cookie%3Ax'],
      ['/healthz/', '/healthz'],
      ['/full/', '/full'],
    ];
    for (const [path, location] of cases) {
      const response = await send(path);
      expect(response.status, path).toBe(301);
      expect(response.headers.location, path).toBe(location);
      expectSecurityHeaders(response, path);
    }
    expect((await send('/search?q=korea')).status).toBe(200);
    expect((await send('/healthz')).status).toBe(200);
  });
});

describe('clean echoes', () => {
  // Control characters (less tab, newline and carriage return) and bidi controls: none may reach the page.
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

  it.each([
    ['/search?q=%00korea%00', 'korea'],
    ['/search?q=%01%02%1b%7fkorea%C2%80%C2%9f', 'korea'],
    ['/search?q=%E2%80%AEkorea', 'korea'],
    ['/search?q=south%09korea%0Aseoul', 'south korea seoul'],
    ['/search?q=%E2%81%A7%D8%B3%D9%84%D8%A7%D9%85%E2%80%8F', 'سلام'],
  ])('GET %s echoes the query without its control characters, isolated with <bdi>', async (path, query) => {
    const response = await send(path);
    expect(response.status).toBe(200);
    expect(response.body).not.toMatch(INVISIBLE);
    const $ = cheerio.load(response.body);
    expect($('title').text().startsWith(`Search: ${query} · `)).toBe(true);
    expect($('h1 bdi').text()).toBe(query);
    expect($('main input[name="q"]').attr('value')).toBe(query);
    expect($('bdi').length).toBeGreaterThanOrEqual(1);
  });
});
