// The public origin: with no settings, the address the server listens on (the real port under PORT=0); SITE_URL overrides it; never the Host header.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from './support/http.js';
import { type ServerProcess, startServer } from './support/server.js';
import { root } from './support/site.js';
import { siteUrlFault } from '../src/run/config.js';

/** Every absolute URL a page and the crawler files name, by where it stands. */
async function namedUrls(server: ServerProcess, path: string) {
  const $ = cheerio.load((await rawRequest(server.port, { path })).body);
  const jsonLd = JSON.parse($('script[type="application/ld+json"]').text()) as {
    url?: string;
    mainEntityOfPage?: string;
  };
  return {
    canonical: $('link[rel="canonical"]').attr('href'),
    ogUrl: $('meta[property="og:url"]').attr('content'),
    jsonLdUrl: jsonLd.url,
    permalinks: $('[data-href]')
      .map((_, element) => $(element).attr('data-href'))
      .get(),
  };
}

describe('a server started with no SITE_URL, on PORT=0', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer({ SNAPSHOT_FILE: '' });
  }, 60_000);
  afterAll(() => server.stop());

  it('names http://localhost:<the port it got> in its start-up line', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.output().stdout).toContain(`its pages name their address as http://localhost:${server.port}`);
    expect(server.output().stdout).not.toContain('SITE_URL is not set');
  });

  it('writes canonical, og:url, JSON-LD url and the printed links absolute, from that origin', async () => {
    const origin = `http://localhost:${server.port}`;
    for (const path of ['/', '/full', '/questions/q6', '/sections/1']) {
      const target = path === '/sections/1' ? (await rawRequest(server.port, { path })).headers.location! : path;
      const urls = await namedUrls(server, target);
      expect(urls.canonical, path).toBe(`${origin}${target}`);
      expect(urls.ogUrl, path).toBe(`${origin}${target}`);
      expect(urls.jsonLdUrl, path).toBe(`${origin}${target}`);
      for (const link of urls.permalinks) expect(link.startsWith(`${origin}/`), `${path}: ${link}`).toBe(true);
    }
  });

  it('lists absolute URLs in sitemap.xml and names it absolutely in robots.txt', async () => {
    const sitemap = (await rawRequest(server.port, { path: '/sitemap.xml' })).body;
    const locations = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]!);
    expect(locations.length).toBeGreaterThan(10);
    for (const location of locations) expect(location.startsWith(`http://localhost:${server.port}/`)).toBe(true);
    expect((await rawRequest(server.port, { path: '/robots.txt' })).body).toContain(
      `Sitemap: http://localhost:${server.port}/sitemap.xml`,
    );
  });

  it('sends the same bytes to a request with Host: evil.example', async () => {
    for (const path of ['/', '/questions/q6', '/sitemap.xml', '/robots.txt', '/search?q=sanctions']) {
      const plain = await rawRequest(server.port, { path });
      const hostile = await rawRequest(server.port, { path, headers: { host: 'evil.example' } });
      expect(hostile.status, path).toBe(200);
      expect(hostile.body, path).toBe(plain.body);
      expect(hostile.body).not.toContain('evil.example');
    }
  });
});

describe('a server started with SITE_URL', () => {
  it('names SITE_URL everywhere instead, with no warning even off loopback', async () => {
    const server = await startServer({ SNAPSHOT_FILE: '', SITE_URL: 'https://reader.example/', HOST: '0.0.0.0' });
    try {
      expect(server.output().stdout).toContain('its pages name their address as https://reader.example');
      expect(server.output().stdout).not.toContain('SITE_URL is not set');
      const urls = await namedUrls(server, '/questions/q6');
      expect(urls.canonical).toBe('https://reader.example/questions/q6');
      expect(urls.ogUrl).toBe('https://reader.example/questions/q6');
      expect((await rawRequest(server.port, { path: '/robots.txt' })).body).toContain(
        'Sitemap: https://reader.example/sitemap.xml',
      );
    } finally {
      await server.stop();
    }
  });
});

describe('a server with no SITE_URL listening off loopback', () => {
  it('warns that its pages name localhost, as a deployment that forgot SITE_URL would', async () => {
    const server = await startServer({ SNAPSHOT_FILE: '', HOST: '0.0.0.0' });
    try {
      await server.waitFor(/SITE_URL is not set/);
      const warning = server
        .output()
        .stdout.split('\n')
        .find((line) => line.includes('SITE_URL is not set'));
      expect(JSON.parse(warning!)).toMatchObject({
        level: 40,
        host: '0.0.0.0',
        origin: `http://localhost:${server.port}`,
      });
    } finally {
      await server.stop();
    }
  });
});

describe('a bad SITE_URL', () => {
  const run = (command: string, value: string) =>
    spawnSync(
      process.execPath,
      ['--import', 'tsx', command, ...(command.endsWith('export.ts') ? ['--out', out] : [])],
      {
        cwd: root,
        env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SITE_URL: value },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
  const out = join(mkdtempSync(join(tmpdir(), 'origin-export-')), 'site');
  const said =
    'SITE_URL should be the public address, such as https://reader.example: http or https, no user or password, no query or #, its path written out plainly';

  it.each([
    ['reader.example', 'not an absolute URL'],
    ['ftp://reader.example', 'ftp: is not http or https'],
    ['javascript:alert(1)', 'javascript: is not http or https'],
    ['https://reader.example/?a=1', 'it has a query or #'],
    ['http://user:pass@reader.example', 'it names a user or password'],
    ['https://reader.example/a/../..', 'write it as https://reader.example'],
    ['https://reader.example/a//b', 'write it as https://reader.example/a/b'],
    ['https://Reader.Example/read', 'write it as https://reader.example/read'],
  ])('refuses %s, in the server and in the export, with one line and exit code 1', (value, why) => {
    const message = `${said} (${why}); got ${JSON.stringify(value)}`;
    const server = run('src/run/server.ts', value);
    expect(server.status).toBe(1);
    expect(server.stderr.trim()).toBe(`Cannot start: ${message}`);
    const exported = run('src/cli/export.ts', value);
    expect(exported.status).toBe(1);
    expect(exported.stderr.trim()).toBe(`Cannot export: ${message}`);
    expect(existsSync(out)).toBe(false);
  });

  it('accepts an origin with a plain path, less its trailing slash', () => {
    expect(siteUrlFault('https://reader.example/interviews/')).toBeUndefined();
    expect(siteUrlFault('http://127.0.0.1:8080')).toBeUndefined();
  });
});
