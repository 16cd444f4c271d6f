// The entry point as a real process: it serves on PORT, and refuses to start on broken content.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './support/site.js';

/** Runs `npm start`'s command with extra env; resolves on exit, or when `until` matches stdout. */
function runServer(env: Record<string, string>, until?: RegExp) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/run/server.ts'], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not finish in time: ${stdout} ${stderr}`));
    }, 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (until?.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('src/run/server.ts', { timeout: 30_000 }, () => {
  it('prints the URL it serves on, from PORT', async () => {
    const result = await runServer({ PORT: '0', HOST: '127.0.0.1' }, /serving on http:\/\/localhost:\d+\//);
    expect(result.stdout).toMatch(/Reader serving on http:\/\/localhost:\d+\//);
  });

  it('refuses to start on a content fault, naming the file and line, with a non-zero exit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reader-'));
    const file = join(dir, 'broken.md');
    writeFileSync(file, '"Headline"\n"Section"\nAn answer before any question.\n');
    const result = await runServer({ PORT: '0', CONTENT_FILE: file });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('broken.md line 3: an answer before any question');
    expect(result.stdout).not.toContain('serving');
  });

  it('refuses to start when the content file is missing', async () => {
    const result = await runServer({ PORT: '0', CONTENT_FILE: '/nonexistent/interview.md' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/interview\.md: no such file/);
  });
});
