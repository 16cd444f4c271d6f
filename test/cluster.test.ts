// WORKERS: the setting's parsing, and the entry point as a real two-worker process.
import { spawn } from 'node:child_process';
import { get } from 'node:http';
import { describe, expect, it } from 'vitest';
import { MAX_WORKERS, workerCount } from '../src/run/cluster.js';
import { root } from './support/site.js';

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

/** Starts the entry point with env; resolves with what it printed and its exit code once it exits. */
function run(env: Record<string, string>, whileRunning?: (port: number) => Promise<void>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/run/server.ts'], {
      cwd: root,
      env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env },
    });
    let stdout = '';
    let stderr = '';
    let started = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no exit in time: ${stdout} ${stderr}`));
    }, 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const ports = [...stdout.matchAll(/serving on http:\/\/localhost:(\d+)\//g)].map((match) => Number(match[1]));
      if (!started && whileRunning && ports.length === 2) {
        started = true;
        whileRunning(ports[0]!).then(
          () => child.kill('SIGTERM'),
          (error: unknown) => {
            child.kill('SIGKILL');
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const status = (port: number) =>
  new Promise<number>((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });

describe('src/run/server.ts with WORKERS=2', { timeout: 30_000 }, () => {
  it('starts two workers on one port that serve pages, and exits 0 on SIGTERM', async () => {
    const statuses: number[] = [];
    const result = await run({ WORKERS: '2' }, async (port) => {
      for (let i = 0; i < 4; i++) statuses.push(await status(port));
    });
    const ports = [...result.stdout.matchAll(/serving on http:\/\/localhost:(\d+)\//g)].map((match) => match[1]);
    expect(ports).toHaveLength(2);
    expect(ports[0]).toBe(ports[1]);
    expect(statuses).toEqual([200, 200, 200, 200]);
    expect(result.code).toBe(0);
  });

  it('exits 1 with the content fault when the workers cannot start', async () => {
    const result = await run({ WORKERS: '2', CONTENT_FILE: '/nonexistent/interview.md' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/interview\.md: no such file/);
  });

  it('refuses a bad WORKERS value with a one-line message and exit code 1', async () => {
    const result = await run({ WORKERS: 'many' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'Cannot start: WORKERS must be a whole number from 1 to 64, or "auto"; got "many"',
    );
  });
});
