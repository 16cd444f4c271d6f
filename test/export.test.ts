// Static export: `npm run export -- --out <dir>` as a real process, compared byte for byte with what the server sends.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { get as httpGet, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotate } from '../src/content/notes.js';
import { parseInterview } from '../src/content/parse.js';
import { createApp } from '../src/http/app.js';
import { fileForPath } from '../src/site/export.js';
import { expectNothingLost } from './support/nothing-lost.js';
import { realContent, realNotes, root } from './support/site.js';

const origin = 'https://reader.example';
// The server's own build (buildFromDisk), configured as the export below is: the same content, lock and SITE_URL.
process.env.SITE_URL = origin;
const { config } = await import('../src/run/config.js');
const { buildFromDisk } = await import('../src/run/load.js');
const { site } = await buildFromDisk({ root, ...config });

const runExport = (out: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/export.ts', '--out', out], {
    cwd: root,
    env: { ...process.env, SITE_URL: origin },
    encoding: 'utf8',
  });

const listFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'));

/** GET over a real socket, body as raw bytes: no client-side decompression. */
const fetchRaw = (port: number, path: string, encoding: string) =>
  new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>(
    (resolve, reject) => {
      httpGet({ host: '127.0.0.1', port, path, headers: { 'accept-encoding': encoding } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }),
        );
      }).on('error', reject);
    },
  );

let out: string;
let files: string[];
let server: Server;
let port: number;

beforeAll(async () => {
  out = join(mkdtempSync(join(tmpdir(), 'export-')), 'dist');
  const result = runExport(out);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  files = listFiles(out);
  server = createApp({ site: () => site }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
}, 60_000);
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The real interview's notes, attached, to know what the export must carry. */
const annotateReal = () =>
  annotate(parseInterview(realContent(), 'content/interview.md'), realNotes(), 'content/notes.yaml');

describe('npm run export', () => {
  it('writes one file per URL the server answers, with the exact bytes of each encoding it sends', async () => {
    const urls = [...site.resources.keys()];
    expect(urls.length).toBeGreaterThan(10);
    for (const url of urls) {
      const file = fileForPath(url);
      for (const [encoding, suffix] of [
        ['identity', ''],
        ['gzip', '.gz'],
        ['br', '.br'],
      ] as const) {
        const response = await fetchRaw(port, url, encoding);
        expect(response.status, url).toBe(200);
        const written = response.headers['content-encoding'] ? `${file}${suffix}` : file;
        expect(files, `${url} ${encoding}`).toContain(written);
        expect(readFileSync(join(out, written)).equals(response.body), `${url} ${encoding}`).toBe(true);
      }
    }
  });

  it('shows every non-empty line of the source text in its one-page copy and across its home and section pages', () => {
    const text = (file: string) =>
      cheerio
        .load(readFileSync(join(out, file), 'utf8'))('body')
        .text()
        .replace(/\s+/g, ' ');
    const full = text(fileForPath('/full'));
    const sections = files
      .filter((file) => file.startsWith('sections/') && file.endsWith('.html'))
      .map(text)
      .join(' ');
    expectNothingLost('the exported /full', full);
    expectNothingLost('the exported home and section pages', `${text(fileForPath('/'))} ${sections}`);
  });

  it('carries every editorial note: marked on /full, listed on /notes, each mark and note linked both ways', () => {
    const notes = annotateReal().map((note) => note.id);
    expect(notes.length).toBeGreaterThan(0);
    const $ = cheerio.load(readFileSync(join(out, fileForPath('/full')), 'utf8'));
    const log = cheerio.load(readFileSync(join(out, fileForPath('/notes')), 'utf8'));
    for (const id of notes) {
      expect($(`#noteref-${id}`).attr('href'), id).toBe(`#note-${id}`);
      expect($(`#note-${id} a[role="doc-backlink"]`).attr('href'), id).toBe(`#noteref-${id}`);
      const [path, fragment] = log(`#note-${id} .note-head a`).attr('href')!.split('#');
      const page = cheerio.load(readFileSync(join(out, fileForPath(path!)), 'utf8'));
      expect(page(`[id="${fragment}"]`).hasClass('noteref'), id).toBe(true);
    }
  });

  it('writes 404.html with the bytes of the 404 page', async () => {
    const response = await fetchRaw(port, '/no-such-page', 'identity');
    expect(response.status).toBe(404);
    expect(readFileSync(join(out, '404.html')).equals(response.body)).toBe(true);
  });

  it('has a file for every URL in its sitemap, and for every page link and asset in its pages', () => {
    const sitemap = readFileSync(join(out, 'sitemap.xml'), 'utf8');
    const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]!.slice(origin.length));
    expect(locs.length).toBe(
      [...site.resources.keys()].filter(
        (url) => !/^\/(assets|images|downloads)\//.test(url) && !/\.(xml|txt)$/.test(url),
      ).length,
    );
    for (const loc of locs) expect(files, loc).toContain(fileForPath(loc));

    const redirects = readFileSync(join(out, '_redirects'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('/'))
      .map((line) => line.split(' ')[0]);
    for (const file of files.filter((name) => name.endsWith('.html'))) {
      const $ = cheerio.load(readFileSync(join(out, file), 'utf8'));
      const links = [
        ...$('a[href], link[href], script[src]')
          .map((_, el) => $(el).attr('href') ?? $(el).attr('src'))
          .get(),
      ];
      for (const link of links.filter((href) => href.startsWith('/'))) {
        const path = link.split(/[?#]/)[0]!;
        if (path === '/search') continue; // the one dynamic page: search.html stands in for it
        expect(files.includes(fileForPath(path)) || redirects.includes(path), `${file} → ${link}`).toBe(true);
      }
    }
  });

  it('writes the host configuration: _headers, _redirects, an nginx snippet, and a search page that explains', () => {
    const headers = readFileSync(join(out, '_headers'), 'utf8');
    expect(headers).toContain(
      `/*\n  content-security-policy: ${site.notFound.notModifiedHeaders['content-security-policy']}`,
    );
    expect(headers).toContain('/assets/*\n  cache-control: public, max-age=31536000, immutable');
    expect(headers).toContain('\n/full\n  cache-control: public, max-age=60');
    expect(headers.match(/^\/\*$/gm)).toHaveLength(1);
    const redirects = readFileSync(join(out, '_redirects'), 'utf8');
    for (const [from, to] of site.redirects) expect(redirects).toContain(`${from} ${to} 301\n`);
    const nginx = readFileSync(join(out, 'nginx.conf'), 'utf8');
    expect(nginx).toContain('try_files $uri $uri.html =404;');
    expect(nginx).toContain('error_page 404 /404.html;');
    expect(nginx).toContain(`add_header x-content-type-options "nosniff" always;`);
    const search = cheerio.load(readFileSync(join(out, 'search.html'), 'utf8'));
    expect(search('main').text()).toContain('without it, it cannot search');
    expect(search('meta[name="robots"]').attr('content')).toBe('noindex');
    const script = search('main script[src]').attr('src')!;
    expect(script).toMatch(/^\/assets\/static-search\.[\w-]{10}\.js$/);
    expect(files).toContain(fileForPath(script));
  });

  it('writes the search index the server loads, whole, for the browser, at the address search.html names', () => {
    const search = cheerio.load(readFileSync(join(out, 'search.html'), 'utf8'));
    const address = search('[data-static-search]').attr('data-static-search')!;
    expect(address).toMatch(/^\/assets\/search-index\.[\w-]{10}\.json$/);
    const data = JSON.parse(readFileSync(join(out, fileForPath(address)), 'utf8')) as typeof site.search.index;
    expect(data).toEqual(site.search.index);
    const full = cheerio.load(readFileSync(join(out, 'full.html'), 'utf8'));
    expect(data.documents.map((doc) => doc.id)).toEqual(
      full('section.qa')
        .map((_, el) => full(el).attr('id'))
        .get(),
    );
  });

  it('replaces only its own files: a git repository and a CNAME beside an earlier export survive it', () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'export-git-')), 'site');
    expect(runExport(folder).status).toBe(0);
    // What `git init` and a host's custom domain leave there, as plain files (no git needed to run this).
    mkdirSync(join(folder, '.git/refs/heads'), { recursive: true });
    writeFileSync(join(folder, '.git/HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(join(folder, 'CNAME'), 'reader.example\n');
    // A file the earlier export wrote and the next one no longer has (an old hashed image), and one changed since.
    const manifestFile = join(folder, '.export-manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { files: Record<string, string> };
    for (const name of ['images/preview.old.png', 'images/preview.edited.png']) {
      writeFileSync(join(folder, name), 'old image');
      manifest.files[name] = createHash('sha256').update('old image').digest('base64url');
    }
    writeFileSync(manifestFile, JSON.stringify(manifest));
    writeFileSync(join(folder, 'images/preview.edited.png'), 'changed by hand');

    const again = runExport(folder);
    expect(again.status).toBe(0);
    expect(readFileSync(join(folder, '.git/HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
    expect(readFileSync(join(folder, 'CNAME'), 'utf8')).toBe('reader.example\n');
    expect(existsSync(join(folder, 'images/preview.old.png'))).toBe(false);
    expect(readFileSync(join(folder, 'images/preview.edited.png'), 'utf8')).toBe('changed by hand');
    expect(again.stderr).toContain('images/preview.edited.png: an earlier export wrote it');
    expect(
      listFiles(folder)
        .filter((file) => !/^(\.git\/|CNAME$|\.export-manifest|images\/preview\.edited)/.test(file))
        .sort(),
    ).toEqual([...files].filter((file) => file !== '.export-manifest.json').sort());
  }, 60_000);

  it('refuses, writing nothing, a folder where it would overwrite a file it did not write', () => {
    const other = mkdtempSync(join(tmpdir(), 'export-other-'));
    mkdirSync(join(other, 'src'));
    writeFileSync(join(other, 'keep.txt'), 'mine');
    writeFileSync(join(other, 'index.html'), 'my own page');
    const refused = runExport(other);
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim()).toBe(
      `Cannot export: ${join(other, 'index.html')} would be overwritten, and no earlier export wrote it; move it aside or choose another --out`,
    );
    expect(readdirSync(other).sort()).toEqual(['index.html', 'keep.txt', 'src']);
    expect(readFileSync(join(other, 'index.html'), 'utf8')).toBe('my own page');
  }, 60_000);

  it('writes to export/ by default, and refuses dist/ and the other folders the build uses, with one line', () => {
    const dist = join(root, 'dist');
    const before = existsSync(dist) ? listFiles(dist) : [];
    for (const [out, used] of [
      ['dist', 'dist'],
      ['dist/static', 'dist'],
      ['content', 'content'],
      ['.', ''],
    ] as const) {
      const refused = runExport(out);
      expect(refused.status, out).toBe(1);
      expect(refused.stderr.trim().split('\n'), out).toHaveLength(1);
      expect(refused.stderr, out).toMatch(
        used ? `which the build uses; choose another --out (the default is export/)` : 'holds the project itself',
      );
    }
    expect(existsSync(dist) ? listFiles(dist) : []).toEqual(before);
    // Without --out, from another working directory (npm runs it from the project's): ./export.
    const cwd = mkdtempSync(join(tmpdir(), 'export-default-'));
    const plain = spawnSync(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), join(root, 'src/cli/export.ts')],
      { cwd, env: { ...process.env, SITE_URL: origin }, encoding: 'utf8' },
    );
    expect(plain.status).toBe(0);
    expect(readdirSync(cwd)).toEqual(['export']);
    expect(listFiles(join(cwd, 'export')).sort()).toEqual([...files].sort());
  }, 60_000);

  it('answers an --out that names a file, or an unknown option, with one line and exit 1', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'export-file-')), 'notes.txt');
    writeFileSync(file, 'not a folder');
    const refused = runExport(file);
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim()).toBe(
      `Cannot export: ${file} is a file, not a folder; --out names the folder to write the export to`,
    );
    expect(readFileSync(file, 'utf8')).toBe('not a folder');
    const unknown = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/export.ts', '--outt', 'x'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/^Cannot export: Unknown option '--outt'.*usage: npm run export -- --out <folder>/);
  }, 60_000);
});

describe('fileForPath', () => {
  it.each([
    ['/', 'index.html'],
    ['/full', 'full.html'],
    ['/sections/a-b', 'sections/a-b.html'],
    ['/sections/%D1%82%D0%B5%D1%81%D1%82', 'sections/тест.html'],
    ['/assets/style.abc.css', 'assets/style.abc.css'],
    ['/sitemap.xml', 'sitemap.xml'],
  ])('maps %s to %s', (path, file) => {
    expect(fileForPath(path)).toBe(file);
  });

  it('refuses a path that would leave the folder', () => {
    expect(() => fileForPath('/a/%2E%2E/b')).toThrow(/refusing/);
  });
});
