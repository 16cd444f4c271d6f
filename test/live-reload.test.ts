// The server as a real process reloading its content live: under load, as content is really deployed, in a worker thread.
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateInterview } from '../scripts/bench/generate.js';
import { type Site } from '../src/site/site.js';
import { rawRequest } from './support/http.js';
import { type ServerProcess, startServer, untilHealth } from './support/server.js';
import { realContent, siteWithPreviewsFrom } from './support/site.js';

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

describe('live reload as content is deployed', () => {
  /** The real interview with a mark of edit `n` in its text. */
  const edition = (n: number) => realContent().replace('Supplies of food', `Supplies of food (edit ${n})`);

  /** Requests `/` one after another until stopped; resolves with every status that was not 200. */
  function getLoop(server: ServerProcess) {
    let running = true;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const done = (async () => {
      const bad: string[] = [];
      while (running) {
        const response = await rawRequest(server.port, { path: '/', agent }).catch((error: Error) => ({
          status: error.message,
        }));
        if (response.status !== 200) bad.push(String(response.status));
      }
      agent.destroy();
      return bad;
    })();
    return () => ((running = false), done);
  }

  /** Waits until /full shows edit `n` and /healthz says ok. */
  async function untilServed(server: ServerProcess, n: number): Promise<void> {
    while (!(await rawRequest(server.port, { path: '/full' })).body.includes(`(edit ${n})`))
      await new Promise((resolve) => setTimeout(resolve, 50));
    await untilHealth(server, (report) => report.status === 'ok');
  }

  /** Starts a server on `file`, runs each step and waits until its edition is served, with a GET loop throughout. */
  async function deployments(file: string, steps: readonly (() => void)[]): Promise<string[]> {
    const server = await startServer({ CONTENT_FILE: file, SNAPSHOT_FILE: '', LOG_LEVEL: 'warn' });
    const stop = getLoop(server);
    try {
      for (const [index, step] of steps.entries()) {
        step();
        await untilServed(server, index + 1);
      }
    } finally {
      const bad = await stop();
      server.child.kill('SIGTERM');
      await server.exited;
      expect(bad).toEqual([]);
    }
    return server.output().stdout.split('\n');
  }

  it('follows content/ replaced as a folder, then a save in the new folder', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-folder-'));
    mkdirSync(join(dir, 'content'));
    writeFileSync(join(dir, 'content/interview.md'), edition(0));
    await deployments(join(dir, 'content/interview.md'), [
      () => {
        mkdirSync(join(dir, 'content.new'));
        writeFileSync(join(dir, 'content.new/interview.md'), edition(1));
        renameSync(join(dir, 'content'), join(dir, 'content.old'));
        renameSync(join(dir, 'content.new'), join(dir, 'content'));
      },
      () => writeFileSync(join(dir, 'content/interview.md'), edition(2)),
    ]);
  });

  it('follows interview.md as a symlink whose target is edited in place', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-symlink-'));
    mkdirSync(join(dir, 'content'));
    mkdirSync(join(dir, 'elsewhere'));
    writeFileSync(join(dir, 'elsewhere/interview.md'), edition(0));
    symlinkSync('../elsewhere/interview.md', join(dir, 'content/interview.md'));
    await deployments(join(dir, 'content/interview.md'), [
      () => writeFileSync(join(dir, 'elsewhere/interview.md'), edition(1)),
      () => writeFileSync(join(dir, 'elsewhere/interview.md'), edition(2)),
    ]);
  });

  it('follows a Kubernetes ConfigMap swap: ..data re-pointed by a rename over it', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-configmap-'));
    // As the kubelet lays out a mounted ConfigMap: the key is a symlink into ..data, itself a symlink to a dated folder.
    const publish = (n: number) => {
      const version = `..2026_01_0${n}`;
      mkdirSync(join(dir, version));
      writeFileSync(join(dir, version, 'interview.md'), edition(n));
      symlinkSync(version, join(dir, '..data_tmp'));
      renameSync(join(dir, '..data_tmp'), join(dir, '..data')); // what `mv -T ..data_tmp ..data` does
      if (n > 0) rmSync(join(dir, `..2026_01_0${n - 1}`), { recursive: true });
    };
    publish(0);
    symlinkSync('..data/interview.md', join(dir, 'interview.md'));
    await deployments(join(dir, 'interview.md'), [() => publish(1), () => publish(2)]);
  });

  it(
    'says so in /healthz and the log when the content folder is gone, and reloads when it is back',
    {
      timeout: 60_000,
    },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'deploy-gone-'));
      mkdirSync(join(dir, 'content'));
      writeFileSync(join(dir, 'content/interview.md'), edition(0));
      const server = await startServer({ CONTENT_FILE: join(dir, 'content/interview.md'), SNAPSHOT_FILE: '' });
      try {
        rmSync(join(dir, 'content'), { recursive: true });
        await untilHealth(server, (report) => report.status === 'degraded');
        // The log line comes with the report; wait for it rather than assume it was flushed before the exit.
        await server.waitFor(/content not reloaded, still serving [\w-]+: .*interview\.md: no such file/);
        const health = JSON.parse((await rawRequest(server.port, { path: '/healthz' })).body) as {
          lastReload: { error: string };
        };
        expect(health.lastReload.error).toBe('interview.md: no such file');
        mkdirSync(join(dir, 'content'));
        writeFileSync(join(dir, 'content/interview.md'), edition(1));
        await untilServed(server, 1);
      } finally {
        server.child.kill('SIGTERM');
        await server.exited;
      }
      expect(server.output().stdout).toMatch(
        /content not reloaded, still serving [\w-]+: .*interview\.md: no such file/,
      );
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
