// The server as a real process: live content reload under load, clean shutdown, HSTS from the environment.
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateInterview } from '../scripts/bench/generate.js';
import type { Site } from '../src/site/site.js';
import { rawRequest } from './support/http.js';
import { serverExit, startServer, type ServerProcess } from './support/server.js';
import { realContent, siteWithPreviewsFrom } from './support/site.js';

/** Polls /healthz until `done` holds for its report. */
async function untilHealth(
  server: ServerProcess,
  done: (report: { status: string; version: string }) => boolean,
): Promise<void> {
  for (;;) {
    const response = await rawRequest(server.port, { path: '/healthz' });
    if (done(JSON.parse(response.body) as { status: string; version: string })) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('live content reload', () => {
  it(
    'serves the old or the new version whole while the file is rewritten under load, and keeps the last good one when it breaks',
    { timeout: 180_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'live-'));
      const file = join(dir, 'interview.md');
      const first = realContent();
      const second = first.replace('Supplies of food', 'Deliveries of food');
      const third = second.replace('"The only people', '"Only the people');
      writeFileSync(file, first);
      const server = await startServer({ CONTENT_FILE: file });
      // The pages name the server's own origin, with the port it was given.
      const versions: Site[] = await Promise.all(
        [first, second, third].map((text) => siteWithPreviewsFrom(text, `http://localhost:${server.port}`)),
      );
      const paths = [...versions[0]!.resources.keys()].filter((path) => !/^\/(assets|images|downloads)\//.test(path));

      const agent = new Agent({ keepAlive: true, maxSockets: 4 });
      const failures: string[] = [];
      const seen = new Set<string>();
      let requests = 0;
      let loading = true;
      // Four clients, each sending one request after another, checking every body against a whole version.
      const clients = Array.from({ length: 4 }, async (_, client) => {
        for (let n = client; loading; n++) {
          const path = paths[n % paths.length]!;
          try {
            const response = await rawRequest(server.port, { path, agent });
            requests++;
            const match = versions.find(
              (site) => site.resources.get(path)!.variants.identity.body.toString() === response.body,
            );
            if (response.status !== 200 || !match)
              failures.push(`${path}: ${response.status}, body matches no version`);
            else if (response.headers.etag !== match.resources.get(path)!.variants.identity.headers.etag)
              failures.push(`${path}: ETag of another version`);
            else seen.add(match.version);
          } catch (error) {
            failures.push(`${path}: ${String(error)}`);
          }
        }
      });

      // An overwrite in place, a broken file, then an editor-style save (new file renamed over the old).
      writeFileSync(file, second);
      await untilHealth(server, (report) => report.version === versions[1]!.version);
      const epubBefore = (await rawRequest(server.port, { path: '/interview.epub' })).headers.location;
      const heading = '"Seoul is interested in preserving trade and economic ties with Russia"\n';
      const broken = second.replace(heading, `${heading}A stray answer.\n`);
      const brokenLine = broken.split('\n').indexOf('A stray answer.') + 1;
      writeFileSync(file, broken);
      await untilHealth(server, (report) => report.status === 'degraded');
      const pageWhileBroken = await rawRequest(server.port, { path: '/' });
      // No EPUB is built from the broken file: the last good one is still the one served.
      const epubWhileBroken = (await rawRequest(server.port, { path: '/interview.epub' })).headers.location;
      const epubFileWhileBroken = await rawRequest(server.port, { path: epubWhileBroken ?? '/' });
      writeFileSync(join(dir, '.interview.md.swp'), third);
      renameSync(join(dir, '.interview.md.swp'), file);
      await untilHealth(server, (report) => report.version === versions[2]!.version && report.status === 'ok');
      loading = false;
      await Promise.all(clients);
      agent.destroy();
      expect(await server.stop()).toBe(0);

      expect(failures).toEqual([]);
      expect(requests).toBeGreaterThan(0);
      expect(seen).toContain(versions[2]!.version);
      expect(epubBefore).toMatch(/^\/downloads\/interview\.[\w-]+\.epub$/);
      expect(epubWhileBroken).toBe(epubBefore);
      expect(epubFileWhileBroken.status).toBe(200);
      expect(epubFileWhileBroken.headers['content-type']).toBe('application/epub+zip');
      expect(pageWhileBroken.body).toBe(versions[1]!.resources.get('/')!.variants.identity.body.toString());
      const errorLine = server
        .output()
        .stdout.split('\n')
        .find((line) => line.includes('content not reloaded'));
      expect(errorLine).toContain(`interview.md line ${brokenLine}: an answer before any question`);
      expect(JSON.parse(errorLine!)).toMatchObject({ level: 50, line: brokenLine });
    },
  );
});

describe('reload in a worker thread', () => {
  it(
    'answers requests with the old version while the new one is built, then swaps it in',
    { timeout: 90_000 },
    async () => {
      // Big enough (about 1.5 MB) that a build takes a second or more: long enough to ask for a page in the middle of it.
      const generated = generateInterview(realContent(), { sections: 80, questionsPerSection: 8 });
      const text = readFileSync(generated.file, 'utf8');
      const server = await startServer({ CONTENT_FILE: generated.file, SNAPSHOT_FILE: '' });
      try {
        const before = await rawRequest(server.port, { path: '/' });
        const oldVersion = (
          JSON.parse((await rawRequest(server.port, { path: '/healthz' })).body) as { version: string }
        ).version;
        writeFileSync(generated.file, text.replace('"Part 1:', '"Chapter 1:'));
        await server.waitFor(/content changed: rebuilding/);
        // Asked for once the rebuild has started: a build on the server's own thread would hold this request until
        // the new version is in, and answer with it.
        const during = await rawRequest(server.port, { path: '/' });
        const healthDuring = JSON.parse((await rawRequest(server.port, { path: '/healthz' })).body) as {
          version: string;
        };
        await server.waitFor(/content reloaded/);
        const after = await rawRequest(server.port, { path: '/' });

        expect(before.body).toContain('Part 1:');
        expect(during.status).toBe(200);
        expect(during.headers.etag).toBe(before.headers.etag);
        expect(healthDuring.version).toBe(oldVersion);
        expect(after.headers.etag).not.toBe(before.headers.etag);
        expect(after.body).toContain('Chapter 1:');
      } finally {
        await server.stop();
        rmSync(dirname(generated.file), { recursive: true, force: true });
      }
    },
  );
});

describe('shutdown', () => {
  it(
    'on SIGTERM finishes a request in flight, closes idle keep-alive connections, and exits 0',
    { timeout: 30_000 },
    async () => {
      const server = await startServer({ LOG_LEVEL: 'warn' });
      // An idle keep-alive connection: one request done, socket left open.
      const idle = connect(server.port, '127.0.0.1');
      const idleClosed = new Promise<void>((resolve) => idle.on('close', () => resolve()));
      let idleData = '';
      idle.on('data', (chunk: Buffer) => (idleData += chunk.toString()));
      idle.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
      // A request in flight: its headers only half sent when the signal comes.
      const inFlight = connect(server.port, '127.0.0.1');
      let response = '';
      inFlight.on('data', (chunk: Buffer) => (response += chunk.toString()));
      const inFlightClosed = new Promise<void>((resolve) => inFlight.on('close', () => resolve()));
      inFlight.write('GET /full HTTP/1.1\r\nHost: localhost\r\n');
      await new Promise<void>((resolve) => {
        const check = () => (idleData.includes('"status":"ok"') ? resolve() : setTimeout(check, 20));
        check();
      });

      server.child.kill('SIGTERM');
      await server.waitFor(/Shutting down \(SIGTERM\)/);
      inFlight.write('Accept-Encoding: identity\r\n\r\n');
      await idleClosed;
      await inFlightClosed;
      expect(await server.exited).toBe(0);
      expect(response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(response.trimEnd().endsWith('</html>')).toBe(true);
    },
  );

  it('exits 0 on SIGINT with no connections', { timeout: 30_000 }, async () => {
    const server = await startServer({ LOG_LEVEL: 'warn' });
    expect(await server.stop('SIGINT')).toBe(0);
  });
});

describe('start-up settings', { timeout: 30_000 }, () => {
  it('refuses an invalid PORT or LOG_LEVEL with exit 1, saying which', async () => {
    for (const [env, message] of [
      [{ PORT: 'abc' }, 'Cannot start: PORT should be a whole number from 0 to 65535; got "abc"'],
      [
        { PORT: '0', LOG_LEVEL: 'loud' },
        'Cannot start: LOG_LEVEL should be one of fatal, error, warn, info, debug, trace, silent; got "loud"',
      ],
    ] as const) {
      const result = await serverExit(env);
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(message);
    }
  });
});

describe('HSTS', () => {
  it(
    'is sent with HSTS=1 and not without it, on pages and on the answers Node would send itself',
    { timeout: 30_000 },
    async () => {
      for (const [hsts, expected] of [
        ['1', 'max-age=31536000; includeSubDomains'],
        ['0', undefined],
      ] as const) {
        const server = await startServer({ HSTS: hsts, LOG_LEVEL: 'warn' });
        const response = await rawRequest(server.port, { path: '/' });
        const expectation = await rawRequest(server.port, { path: '/', headers: { expect: 'foo' } });
        await server.stop();
        expect(response.headers['strict-transport-security']).toBe(expected);
        expect(expectation.status).toBe(417);
        expect(expectation.headers['content-security-policy']).toBe(response.headers['content-security-policy']);
        expect(expectation.headers['strict-transport-security']).toBe(expected);
      }
    },
  );
});
