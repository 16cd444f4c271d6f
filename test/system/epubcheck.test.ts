// Debian's EPUBCheck (Java), the reference validator, on the real interview's EPUB and on a hostile one.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { breakEpub, hostileEpub, realEpub } from '../support/epub.js';

const EPUBCHECK = '/usr/share/java/epubcheck.jar';

interface EpubCheckReport {
  checker: { checkerVersion: string; nFatal: number; nError: number; nWarning: number };
  messages: { ID: string; severity: string; message: string; locations: { path: string; line: number }[] }[];
}

/** Runs EPUBCheck on the bytes; returns its JSON report and the summary line it printed. */
async function epubcheck(bytes: Uint8Array): Promise<{ report: EpubCheckReport; summary: string }> {
  if (!existsSync(EPUBCHECK)) throw new Error(`EPUBCheck is not installed at ${EPUBCHECK} (apt install epubcheck)`);
  const dir = await mkdtemp(join(tmpdir(), 'epub-test-'));
  try {
    await writeFile(join(dir, 'interview.epub'), bytes);
    const run = await promisify(execFile)(
      'java',
      ['-jar', EPUBCHECK, join(dir, 'interview.epub'), '--json', join(dir, 'report.json')],
      { timeout: 170_000, maxBuffer: 16 * 1024 * 1024 },
    ).catch((error: { stdout?: string; stderr?: string }) => ({
      stdout: error.stdout ?? '',
      stderr: error.stderr ?? '',
    }));
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as EpubCheckReport;
    const summary = `${run.stdout}\n${run.stderr}`.split('\n').find((line) => line.startsWith('Messages:')) ?? '';
    return { report, summary };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const problems = (report: EpubCheckReport) =>
  report.messages
    .filter((message) => ['FATAL', 'ERROR', 'WARNING'].includes(message.severity))
    .map(
      (message) =>
        `${message.severity} ${message.ID} ${message.message} at ${message.locations.map((l) => `${l.path}:${l.line}`).join(', ')}`,
    );

describe('EPUBCheck', () => {
  it.concurrent(
    'finds no fatal error, no error and no warning in the real interview',
    async () => {
      const { report, summary } = await epubcheck(realEpub());
      expect(report.checker.checkerVersion).toMatch(/^4\./);
      expect(problems(report)).toEqual([]);
      expect([report.checker.nFatal, report.checker.nError, report.checker.nWarning]).toEqual([0, 0, 0]);
      expect(summary).toMatch(/^Messages: 0 fatals \/ 0 errors \/ 0 warnings/);
    },
    180_000,
  );

  it.concurrent(
    'finds none in one with a cover, a source URL and text full of markup, entities and bad characters',
    async () => {
      const { report } = await epubcheck(hostileEpub());
      expect(problems(report)).toEqual([]);
      expect([report.checker.nFatal, report.checker.nError, report.checker.nWarning]).toEqual([0, 0, 0]);
    },
    180_000,
  );

  it.concurrent(
    'reports an EPUB broken on purpose (a paragraph inside a paragraph, which epubcheck-ts lets through)',
    async () => {
      const broken = breakEpub(realEpub(), {
        file: 'EPUB/section-2.xhtml',
        replace: '<main>',
        with: '<main><p><div>x</div></p>',
      });
      const { report } = await epubcheck(broken);
      expect(problems(report).some((line) => line.startsWith('ERROR RSC-005'))).toBe(true);
    },
    180_000,
  );
});
