// The snapshot: encoding and decoding, opening it, the fingerprint, and real server processes started with and without one.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/http/app.js';
import { fingerprint } from '../src/run/snapshot-file.js';
import { buildFromDisk, type SiteSource } from '../src/run/load.js';
import { loadSearchTemplate } from '../src/run/templates.js';
import { decodeSnapshot, encodeSnapshot } from '../src/site/snapshot.js';
import { openSite } from '../src/site/site.js';
import { type ServerProcess, startServer } from './support/server.js';
import { rawRequest } from './support/http.js';
import { contentPath, realSite, root } from './support/site.js';

/** A folder with a copy of the content and its anchor lock, and a snapshot path inside it. */
function workspace(): { dir: string; contentFile: string; snapshotFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'snapshot-'));
  copyFileSync(contentPath, join(dir, 'interview.md'));
  copyFileSync(join(root, 'content/anchors.lock.json'), join(dir, 'anchors.lock.json'));
  return { dir, contentFile: join(dir, 'interview.md'), snapshotFile: join(dir, 'site.snapshot') };
}

/** Runs the prestart step (`src/cli/prestart.ts`, under tsx like the test servers) with `env`. */
function buildSnapshot(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/prestart.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
}

/** Status, headers (without the per-connection ones) and body bytes of one request, as one string to compare. */
function fetchExact(server: ServerProcess, path: string, encoding: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path, agent: false, headers: { 'accept-encoding': encoding } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const headers = Object.fromEntries(
            Object.entries(res.headers).filter(([name]) => !['date', 'connection', 'keep-alive'].includes(name)),
          );
          resolve(JSON.stringify({ status: res.statusCode, headers, body: Buffer.concat(chunks).toString('base64') }));
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('decodeSnapshot', () => {
  const site = realSite();
  const bytes = encodeSnapshot(site, 'inputs-1');

  it('gives back every response, redirect, asset URL and the search data of the site it was made from', () => {
    const read = decodeSnapshot(bytes, 'inputs-1');
    if (read.kind !== 'loaded') throw new Error(`expected loaded, got ${read.kind}`);
    expect(read.site.version).toBe(site.version);
    expect([...read.site.resources.keys()]).toEqual([...site.resources.keys()]);
    for (const [path, resource] of site.resources) {
      const copy = read.site.resources.get(path)!;
      for (const encoding of ['identity', 'gzip', 'br'] as const) {
        expect(copy.variants[encoding].body.equals(resource.variants[encoding].body)).toBe(true);
        expect(copy.variants[encoding].headers).toEqual(resource.variants[encoding].headers);
      }
    }
    expect(read.site.redirects).toEqual(site.redirects);
    expect(read.site.assetUrls).toEqual(site.assetUrls);
    expect(read.site.notFound.variants.br.body.equals(site.notFound.variants.br.body)).toBe(true);
    expect(read.site.search).toEqual(site.search);
    expect('renderSearch' in read.site).toBe(false);
  });

  it('calls a snapshot of other inputs stale', () => {
    expect(decodeSnapshot(bytes, 'inputs-2')).toEqual({ kind: 'stale' });
  });

  it('calls a truncated, damaged or foreign file corrupt', () => {
    const damaged = Buffer.from(bytes);
    damaged[damaged.length - 100] = damaged[damaged.length - 100]! ^ 0xff;
    expect(decodeSnapshot(bytes.subarray(0, bytes.length - 1), 'inputs-1')).toEqual({
      kind: 'corrupt',
      reason: 'checksum mismatch',
    });
    expect(decodeSnapshot(damaged, 'inputs-1')).toEqual({ kind: 'corrupt', reason: 'checksum mismatch' });
    expect(decodeSnapshot(Buffer.from('{"version":"x"}'), 'inputs-1')).toEqual({
      kind: 'corrupt',
      reason: 'not a snapshot of this format',
    });
    expect(decodeSnapshot(Buffer.alloc(0), 'inputs-1').kind).toBe('corrupt');
  });
});

describe('openSite', () => {
  it('serves from the decoded snapshot the same search pages as the site built in memory', async () => {
    const built = realSite();
    const read = decodeSnapshot(encodeSnapshot(built, 'inputs'), 'inputs');
    if (read.kind !== 'loaded') throw new Error(`expected loaded, got ${read.kind}`);
    const opened = await openSite(read.site, loadSearchTemplate(join(root, 'views')));
    for (const query of ['sanctions', '"Korean peninsula"', '', 'zzzz'])
      expect(opened.renderSearch(query)).toBe(built.renderSearch(query));
    expect(opened.renderSearch('sanctions')).toContain('<mark>');
    const search = await supertest(createApp({ site: () => opened })).get('/search?q=sanctions');
    expect(search.status).toBe(200);
    expect(search.text).toBe(built.renderSearch('sanctions'));
  });
});

describe('fingerprint', () => {
  it('changes with the content bytes, the anchor lock, SITE_URL and HSTS, and only with them here', () => {
    const { contentFile, dir } = workspace();
    const inputs: SiteSource = {
      root,
      contentFile,
      anchorsFile: join(dir, 'anchors.lock.json'),
      baseUrl: '',
      hsts: false,
    };
    const first = fingerprint(inputs);
    expect(fingerprint(inputs)).toBe(first);
    expect(fingerprint({ ...inputs, baseUrl: 'https://reader.example' })).not.toBe(first);
    expect(fingerprint({ ...inputs, hsts: true })).not.toBe(first);
    expect(fingerprint({ ...inputs, anchorsFile: join(dir, 'no-such.lock.json') })).not.toBe(first);
    writeFileSync(contentFile, readFileSync(contentFile, 'utf8').replace('Supplies of food', 'Deliveries of food'));
    const edited = fingerprint(inputs);
    expect(edited).not.toBe(first);
    writeFileSync(join(dir, 'anchors.lock.json'), '{"sections":{},"questions":{}}\n');
    expect(fingerprint(inputs)).not.toBe(edited);
  });

  it('changes with the code that builds the site', () => {
    const { contentFile } = workspace();
    const inputs: SiteSource = { root, contentFile, baseUrl: '', hsts: false };
    const codeDir = mkdtempSync(join(tmpdir(), 'snapshot-code-'));
    writeFileSync(join(codeDir, 'pages.js'), 'export const a = 1;\n');
    const before = fingerprint({ ...inputs, codeDir });
    writeFileSync(join(codeDir, 'pages.js'), 'export const a = 2;\n');
    expect(fingerprint({ ...inputs, codeDir })).not.toBe(before);
  });
});

describe('a server started from the build snapshot', () => {
  it('serves every response byte for byte as a server that built the site itself', { timeout: 60_000 }, async () => {
    const { contentFile, snapshotFile, dir } = workspace();
    const settings = { CONTENT_FILE: contentFile, SITE_URL: 'https://reader.example', HSTS: '1' };
    const written = buildSnapshot({ ...settings, SNAPSHOT_FILE: snapshotFile });
    expect(written.status).toBe(0);
    expect(written.stdout).toContain('Build snapshot written to');

    const fromSnapshot = await startServer({ ...settings, SNAPSHOT_FILE: snapshotFile });
    const built = await startServer({ ...settings, SNAPSHOT_FILE: '' });
    try {
      expect(fromSnapshot.output().stdout).toContain('from the build snapshot');
      expect(built.output().stdout).not.toContain('from the build snapshot');
      const { site } = await buildFromDisk({
        root,
        contentFile,
        anchorsFile: join(dir, 'anchors.lock.json'),
        baseUrl: 'https://reader.example',
        hsts: true,
      });
      const paths = [...site.resources.keys(), ...site.redirects.keys(), '/no-such-page', '/full/', '/healthz'];
      expect(paths.length).toBeGreaterThan(20);
      for (const path of paths) {
        for (const encoding of ['identity', 'gzip', 'br']) {
          expect(await fetchExact(fromSnapshot, path, encoding), `${path} (${encoding})`).toBe(
            await fetchExact(built, path, encoding),
          );
        }
      }
    } finally {
      await Promise.all([fromSnapshot.stop(), built.stop()]);
    }
  });

  it('answers /search with results right after it starts', { timeout: 30_000 }, async () => {
    const { contentFile, snapshotFile } = workspace();
    // With PORT=0 the origin is known only once the server listens: SITE_URL lets the prestart build the same pages.
    const env = { CONTENT_FILE: contentFile, SNAPSHOT_FILE: snapshotFile, SITE_URL: 'https://reader.example' };
    expect(buildSnapshot(env).status).toBe(0);
    const server = await startServer(env);
    try {
      expect(server.output().stdout).toContain('from the build snapshot');
      const [search, home] = await Promise.all([
        rawRequest(server.port, { path: '/search?q=sanctions' }),
        rawRequest(server.port, { path: '/' }),
      ]);
      expect(search.status).toBe(200);
      expect(search.body).toContain('<mark>');
      expect(home.status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it(
    'ignores a snapshot made before the content was edited, and serves the edited content',
    { timeout: 30_000 },
    async () => {
      const { contentFile, snapshotFile } = workspace();
      expect(buildSnapshot({ CONTENT_FILE: contentFile, SNAPSHOT_FILE: snapshotFile }).status).toBe(0);
      writeFileSync(contentFile, readFileSync(contentFile, 'utf8').replace('Supplies of food', 'Deliveries of food'));
      const server = await startServer({ CONTENT_FILE: contentFile, SNAPSHOT_FILE: snapshotFile });
      try {
        expect(server.output().stdout).not.toContain('from the build snapshot');
        expect(server.output().stdout).toContain('is out of date');
        const full = await rawRequest(server.port, { path: '/full' });
        expect(full.body).toContain('Deliveries of food');
        expect(full.body).not.toContain('Supplies of food');
      } finally {
        await server.stop();
      }
    },
  );

  it('ignores a snapshot made with another SITE_URL', { timeout: 30_000 }, async () => {
    const { contentFile, snapshotFile } = workspace();
    expect(buildSnapshot({ CONTENT_FILE: contentFile, SNAPSHOT_FILE: snapshotFile }).status).toBe(0);
    const server = await startServer({
      CONTENT_FILE: contentFile,
      SNAPSHOT_FILE: snapshotFile,
      SITE_URL: 'https://reader.example',
    });
    try {
      expect(server.output().stdout).not.toContain('from the build snapshot');
      expect((await rawRequest(server.port, { path: '/' })).body).toContain(
        '<link rel="canonical" href="https://reader.example/"',
      );
    } finally {
      await server.stop();
    }
  });

  it('ignores a corrupt snapshot file with a log line, and serves the content', { timeout: 30_000 }, async () => {
    const { contentFile, snapshotFile } = workspace();
    expect(buildSnapshot({ CONTENT_FILE: contentFile, SNAPSHOT_FILE: snapshotFile }).status).toBe(0);
    const bytes = readFileSync(snapshotFile);
    writeFileSync(snapshotFile, bytes.subarray(0, bytes.length / 2));
    const server = await startServer({ CONTENT_FILE: contentFile, SNAPSHOT_FILE: snapshotFile });
    try {
      const { stdout } = server.output();
      expect(stdout).not.toContain('from the build snapshot');
      expect(stdout).toMatch(
        /"level":40,.*"msg":"build snapshot .*site\.snapshot ignored \(checksum mismatch\): building from the content"/,
      );
      expect((await rawRequest(server.port, { path: '/' })).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});

describe('the prestart step', () => {
  it('keeps a snapshot built from the same inputs, and rebuilds it when one changed', { timeout: 30_000 }, () => {
    const { contentFile, snapshotFile } = workspace();
    const env = { CONTENT_FILE: contentFile, SNAPSHOT_FILE: snapshotFile };
    expect(buildSnapshot(env).stdout).toContain('Build snapshot written to');
    expect(buildSnapshot(env).stdout).toContain('is up to date');
    writeFileSync(contentFile, readFileSync(contentFile, 'utf8').replace('Supplies of food', 'Deliveries of food'));
    expect(buildSnapshot(env).stdout).toContain('Build snapshot written to');
  });

  it('writes no snapshot for faulty content and leaves the fault for the server to report', { timeout: 30_000 }, () => {
    const { contentFile, snapshotFile } = workspace();
    expect(buildSnapshot({ CONTENT_FILE: contentFile, SNAPSHOT_FILE: snapshotFile }).status).toBe(0);
    writeFileSync(contentFile, 'A headline without quotes\n');
    const result = buildSnapshot({ CONTENT_FILE: contentFile, SNAPSHOT_FILE: snapshotFile });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('No build snapshot (the server will build at start-up)');
    expect(() => readFileSync(snapshotFile)).toThrow(/ENOENT/);
  });

  it('leaves no temporary file behind when the disk is full, however often it is tried', { timeout: 60_000 }, () => {
    const { dir, contentFile, snapshotFile } = workspace();
    // A full disk as a process meets it: a write past the file-size limit fails with EFBIG, part of it written.
    const prestart = () =>
      spawnSync('sh', ['-c', `ulimit -f 200 && exec "${process.execPath}" --import tsx src/cli/prestart.ts`], {
        cwd: root,
        env: { ...process.env, CONTENT_FILE: contentFile, SNAPSHOT_FILE: snapshotFile },
        encoding: 'utf8',
      });
    for (let attempt = 0; attempt < 2; attempt++) {
      const result = prestart();
      expect(result.status).toBe(0);
      expect(result.stderr).toContain('No build snapshot (the server will build at start-up)');
      expect(result.stderr).toContain('EFBIG');
    }
    expect(readdirSync(dir).sort()).toEqual(['anchors.lock.json', 'interview.md']);
  });
});
