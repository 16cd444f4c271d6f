// The entry point as a real process: it serves on PORT, and refuses to start on broken content.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rawRequest } from './support/http.js';
import { serverExit, startServer } from './support/server.js';

describe('src/run/server.ts', { timeout: 30_000 }, () => {
  it('prints the URL it serves on, from PORT, and answers there', async () => {
    const server = await startServer();
    try {
      expect(server.output().stdout).toContain(`Reader serving on http://localhost:${server.port}/`);
      expect((await rawRequest(server.port, { path: '/' })).status).toBe(200);
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
    expect(result.stdout).not.toContain('serving');
  });

  it('refuses to start when the content file is missing', async () => {
    const result = await serverExit({ CONTENT_FILE: '/nonexistent/interview.md' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/interview\.md: no such file/);
  });
});
