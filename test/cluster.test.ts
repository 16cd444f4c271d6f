// WORKERS: the setting's parsing, and the entry point as a real two-worker process.
import { describe, expect, it } from 'vitest';
import { MAX_WORKERS, workerCount } from '../src/run/cluster.js';
import { rawRequest } from './support/http.js';
import { SERVING, serverExit, startServer } from './support/server.js';

describe('workerCount', () => {
  it.each([
    [undefined, 1],
    ['', 1],
    ['1', 1],
    ['2', 2],
    [' 3 ', 3],
    [String(MAX_WORKERS), MAX_WORKERS],
  ])('reads %j as %i', (setting, count) => {
    expect(workerCount(setting)).toBe(count);
  });

  it('reads "auto" as at least one worker', () => {
    expect(workerCount('auto')).toBeGreaterThanOrEqual(1);
  });

  it.each(['0', '-1', '1.5', 'two', String(MAX_WORKERS + 1)])('refuses %j, naming the setting', (setting) => {
    expect(() => workerCount(setting)).toThrow(/^WORKERS must be a whole number from 1 to 64, or "auto"; got "/);
  });
});

describe('src/run/server.ts with WORKERS=2', { timeout: 30_000 }, () => {
  it('starts two workers on one port that serve pages, and exits 0 on SIGTERM', async () => {
    const server = await startServer({ WORKERS: '2' });
    const statuses: number[] = [];
    let code;
    try {
      // Each worker prints its own line once it serves.
      await server.waitFor(new RegExp(`${SERVING.source}[^]*${SERVING.source}`));
      for (let i = 0; i < 4; i++) statuses.push((await rawRequest(server.port, { path: '/' })).status);
    } finally {
      code = await server.stop();
    }
    const ports = [...server.output().stdout.matchAll(new RegExp(SERVING.source, 'g'))].map((match) => match[1]);
    expect(ports).toHaveLength(2);
    expect(ports[0]).toBe(ports[1]);
    expect(statuses).toEqual([200, 200, 200, 200]);
    expect(code).toBe(0);
  });

  it('exits 1 with the content fault when the workers cannot start', async () => {
    const result = await serverExit({ WORKERS: '2', CONTENT_FILE: '/nonexistent/interview.md' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/interview\.md: no such file/);
  });

  it('refuses a bad WORKERS value with a one-line message and exit code 1', async () => {
    const result = await serverExit({ WORKERS: 'many' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'Cannot start: WORKERS must be a whole number from 1 to 64, or "auto"; got "many"',
    );
  });
});
