// The server as a real process: links handed out before an edit, clean shutdown and signals, settings, HSTS from the environment.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rawRequest } from './support/http.js';
import { serverExit, type ServerProcess, startServer, untilHealth } from './support/server.js';
import { realContent, root } from './support/site.js';

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
