// The entry point as a real process: where it listens and says to open the reader, how it logs, and that it refuses to start on broken content.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rawRequest } from './support/http.js';
import { CAN_GIVE_A_TERMINAL, serverExit, startServer, type ServerProcess } from './support/server.js';

/** An IPv4 address of this machine that is not loopback, if it has one: where another machine would connect. */
const outside = Object.values(networkInterfaces())
  .flat()
  .find((address) => address?.family === 'IPv4' && !address.internal)?.address;

/** Whether a TCP connection to `host`:`port` is accepted (true) or refused (false). */
const accepts = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** No HOST and no SITE_URL, whatever the environment running the tests has. */
const FIRST_RUN = { HOST: undefined, SITE_URL: undefined };

const stdoutLines = (server: ServerProcess) => server.output().stdout.split(/\r?\n/).filter(Boolean);

describe('src/run/server.ts', { timeout: 30_000 }, () => {
  it('on a first run listens on this machine only, and says in plain words where to open the reader', async () => {
    const server = await startServer(FIRST_RUN);
    try {
      const [ready, details] = stdoutLines(server);
      expect(ready).toBe(`Reader ready: open http://localhost:${server.port}/`);
      expect(details).toContain(`listening on 127.0.0.1 port ${server.port} (this machine only)`);
      expect(details).toContain(`its pages name their address as http://localhost:${server.port}`);
      expect(server.output().stdout).not.toContain('SITE_URL is not set');
      expect((await rawRequest(server.port, { path: '/' })).status).toBe(200);
      if (outside) expect(await accepts(outside, server.port)).toBe(false);
    } finally {
      await server.stop();
    }
  });

  it.runIf(outside)('listens on every interface when SITE_URL names a public origin', async () => {
    const server = await startServer({ ...FIRST_RUN, SITE_URL: 'https://reader.example' });
    try {
      expect(stdoutLines(server)[1]).toContain(`listening on 0.0.0.0 port ${server.port} (other machines too)`);
      expect(await accepts(outside!, server.port)).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it('stays on this machine for a SITE_URL on localhost', async () => {
    const server = await startServer({ ...FIRST_RUN, SITE_URL: 'http://localhost:8080' });
    try {
      expect(stdoutLines(server)[1]).toContain(`listening on 127.0.0.1 port ${server.port} (this machine only)`);
      if (outside) expect(await accepts(outside, server.port)).toBe(false);
    } finally {
      await server.stop();
    }
  });

  it('writes JSON log lines when stdout is not a terminal', async () => {
    const server = await startServer();
    try {
      await rawRequest(server.port, { path: '/full' });
      const line = (await server.waitFor(/^\{.*"path":"\/full".*\}$/m))[0];
      expect(JSON.parse(line)).toMatchObject({
        level: 30,
        req: { method: 'GET', path: '/full' },
        res: { status: 200 },
      });
    } finally {
      await server.stop();
    }
  });

  it.runIf(CAN_GIVE_A_TERMINAL)('writes plain log lines when stdout is a terminal, warnings included', async () => {
    // HOST 0.0.0.0 without SITE_URL: the one warning a start can log.
    const server = await startServer({ HOST: '0.0.0.0', SITE_URL: undefined }, { terminal: true });
    try {
      await rawRequest(server.port, { path: '/full' });
      await rawRequest(server.port, { path: '/no-such-page' });
      await server.waitFor(/^\d\d:\d\d:\d\d GET \/no-such-page 404 \d+ ms\r?$/m);
      const lines = stdoutLines(server);
      expect(lines[0]).toBe(`Reader ready: open http://localhost:${server.port}/`);
      expect(lines).toContainEqual(expect.stringMatching(/^\d\d:\d\d:\d\d GET \/full 200 \d+ ms$/));
      expect(lines).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^\\d\\d:\\d\\d:\\d\\d WARN SITE_URL is not set, .* host=0\\.0\\.0\\.0 origin=http://localhost:${server.port}$`,
          ),
        ),
      );
      expect(lines.filter((line) => line.startsWith('{'))).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it('refuses to start on a content fault, naming the file and line, with a non-zero exit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reader-'));
    const file = join(dir, 'broken.md');
    writeFileSync(file, '"Headline"\n"Section"\nAn answer before any question.\n');
    const result = await serverExit({ CONTENT_FILE: file });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('broken.md line 3: an answer before any question');
    expect(result.stdout).not.toContain('Reader ready');
  });

  it('refuses to start when the content file is missing', async () => {
    const result = await serverExit({ CONTENT_FILE: '/nonexistent/interview.md' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/interview\.md: no such file/);
  });
});
