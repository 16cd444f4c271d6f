// The server as a real process: live content reload under load, clean shutdown, HSTS from the environment.
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { Agent } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateInterview } from '../scripts/bench/generate.js';
import { type Site } from '../src/site/site.js';
import { rawRequest } from './support/http.js';
import { serverExit, type ServerProcess, startServer } from './support/server.js';
import { realContent, root, siteWithPreviewsFrom } from './support/site.js';

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
        await server.waitFor(/content not reloaded, still serving \w+: .*interview\.md: no such file/);
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
      expect(server.output().stdout).toMatch(/content not reloaded, still serving \w+: .*interview\.md: no such file/);
    },
  );
});

describe('links handed out before an edit', () => {
  /** The real interview with headline `n`: a new home preview image and a new EPUB. */
  const headline = (n: number) => realContent().replace('Western diplomats"', `Western diplomats, take ${n}"`);
  /** The hashed files a client is handed: the home page's preview image, and the EPUB `/interview.epub` leads to. */
  async function handedOut(server: ServerProcess): Promise<string[]> {
    const home = (await rawRequest(server.port, { path: '/' })).body;
    const image = /<meta property="og:image" content="https?:\/\/[^/"]+(\/images\/[^"]+)"/.exec(home)?.[1];
    const epub = (await rawRequest(server.port, { path: '/interview.epub' })).headers.location;
    expect(image).toMatch(/^\/images\/preview\.[\w-]{10}\.png$/);
    expect(epub).toMatch(/^\/downloads\/interview\.[\w-]{10}\.epub$/);
    return [image!, epub!];
  }
  const version = async (server: ServerProcess) =>
    (JSON.parse((await rawRequest(server.port, { path: '/healthz' })).body) as { version: string }).version;

  it(
    'keep working after a reload and a restart, as immutable files; an unknown hashed URL is a 404 nobody keeps',
    { timeout: 90_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'old-links-'));
      const file = join(dir, 'interview.md');
      writeFileSync(file, headline(0));
      const env = { CONTENT_FILE: file, SNAPSHOT_FILE: '', LOG_LEVEL: 'warn', SITE_URL: 'https://reader.example' };
      let server = await startServer(env);
      const old = await handedOut(server);
      const before = await version(server);
      writeFileSync(file, headline(1));
      await untilHealth(server, (report) => report.version !== before);
      const current = await handedOut(server);
      const answers = async () =>
        Promise.all(old.map((path) => rawRequest(server.port, { path, headers: { 'accept-encoding': 'identity' } })));
      const afterReload = await answers();
      server.child.kill('SIGTERM');
      await server.exited;
      server = await startServer(env);
      const afterRestart = await answers();
      const unknown = await Promise.all(
        ['/images/preview.AAAAAAAAAA.png', '/downloads/interview.AAAAAAAAAA.epub', '/assets/style.AAAAAAAAAA.css'].map(
          (path) => rawRequest(server.port, { path }),
        ),
      );
      server.child.kill('SIGTERM');
      await server.exited;

      expect(current.filter((path) => old.includes(path))).toEqual([]);
      for (const response of [...afterReload, ...afterRestart]) {
        expect(response.status).toBe(200);
        expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      }
      expect(afterReload.map((response) => response.headers['content-type'])).toEqual([
        'image/png',
        'application/epub+zip',
      ]);
      expect(afterReload[1]!.headers['content-disposition']).toMatch(/^attachment; filename=".+\.epub"$/);
      for (const response of unknown) {
        expect(response.status).toBe(404);
        expect(response.headers['cache-control']).toBe('no-store');
        expect(response.body).toContain('</html>');
      }
    },
  );

  it('are never a 404 from one worker for what another handed out, under WORKERS=2', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'old-links-workers-'));
    const file = join(dir, 'interview.md');
    writeFileSync(file, headline(0));
    const server = await startServer({ CONTENT_FILE: file, SNAPSHOT_FILE: '', LOG_LEVEL: 'warn', WORKERS: '2' });
    await server.waitFor(/Reader ready[\s\S]*Reader ready/);
    const failures: string[] = [];
    let running = true;
    let rounds = 0;
    // Each request on a connection of its own, so that the workers take turns: a page from one, its files from either.
    const client = (async () => {
      while (running) {
        for (const path of await handedOut(server)) {
          const response = await rawRequest(server.port, { path });
          if (response.status !== 200) failures.push(`${path}: ${response.status}`);
        }
        rounds++;
      }
    })();
    try {
      for (let n = 1; n <= 3; n++) {
        const before = await version(server);
        writeFileSync(file, headline(n));
        // Both workers have switched once four answers in a row, from connections taken in turn, name a new version.
        let fresh = 0;
        while (fresh < 4) fresh = (await version(server)) !== before ? fresh + 1 : 0;
      }
    } finally {
      running = false;
      await client;
      server.child.kill('SIGTERM');
      await server.exited;
    }
    expect(rounds).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });
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
      // Once shutting down, an answer tells the client not to send another request on its connection.
      expect(response.split('\r\n\r\n')[0]!.toLowerCase()).toMatch(/\r\nconnection: close(\r\n|$)/);
      expect(response.trimEnd().endsWith('</html>')).toBe(true);
    },
  );

  it('on SIGHUP reloads the content now, on SIGUSR2 logs its status, and goes on serving', async () => {
    const server = await startServer({});
    try {
      server.child.kill('SIGHUP');
      await server.waitFor(/"msg":"SIGHUP: rebuilding"[\s\S]*"msg":"content unchanged"/);
      server.child.kill('SIGUSR2');
      await server.waitFor(/"msg":"SIGUSR2: status"/);
      expect((await rawRequest(server.port, { path: '/' })).status).toBe(200);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
    const status = server
      .output()
      .stdout.split('\n')
      .find((line) => line.includes('SIGUSR2: status'));
    expect(JSON.parse(status!)).toMatchObject({ status: 'ok', watch: { mode: 'events' }, connections: 0 });
  });

  it('passes SIGHUP and SIGUSR2 on to every worker under WORKERS=2, and the cluster goes on serving', async () => {
    const server = await startServer({ WORKERS: '2' });
    try {
      await server.waitFor(/Reader ready[\s\S]*Reader ready/);
      server.child.kill('SIGHUP');
      await server.waitFor(/content unchanged[\s\S]*content unchanged/);
      server.child.kill('SIGUSR2');
      await server.waitFor(/SIGUSR2: status[\s\S]*SIGUSR2: status/);
      for (let n = 0; n < 4; n++) expect((await rawRequest(server.port, { path: '/' })).status).toBe(200);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
  });

  it('stops when the supervisor signals `npm start` itself: no orphan keeps the port', async () => {
    // A project whose `start` is this one's, and whose compiled server is the server's source under tsx (no build needed).
    const project = mkdtempSync(join(tmpdir(), 'npm-start-'));
    const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } })
      .scripts.start;
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'npm-start-probe', private: true, type: 'module', scripts: { start } }),
    );
    mkdirSync(join(project, 'dist/run'), { recursive: true });
    writeFileSync(
      join(project, 'dist/run/server.js'),
      `import ${JSON.stringify(pathToFileURL(join(root, 'src/run/server.ts')).href)};\n`,
    );
    const npm = spawn('npm', ['start'], {
      cwd: project,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        SNAPSHOT_FILE: '',
        LOG_LEVEL: 'warn',
        NODE_OPTIONS: `--import=${import.meta.resolve('tsx')}`,
      },
    });
    let output = '';
    const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));
    const port = await new Promise<number>((resolve, reject) => {
      npm.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const found = /Reader ready: open http:\/\/\S+?:(\d+)\//.exec(output);
        if (found) resolve(Number(found[1]));
      });
      void exited.then(() => reject(new Error(`npm start exited: ${output}`)));
    });
    expect((await rawRequest(port, { path: '/healthz' })).status).toBe(200);
    npm.kill('SIGTERM');
    await exited;
    // The server is gone once nothing accepts on its port any more.
    for (;;) {
      const refused = await new Promise<boolean>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        socket.on('connect', () => (socket.destroy(), resolve(false)));
        socket.on('error', () => resolve(true));
      });
      if (refused) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(output).toContain('Shutting down (SIGTERM)');
  });

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
