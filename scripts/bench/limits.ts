// The build at the size limits (src/content/limits.ts): time and peak memory for the real interview and for a file at each limit, side by side.
// Each build runs in a process of its own (`--one <file>`), as the server's worker thread runs it, so its peak resident memory is its own.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MAX_CONTENT_BYTES, MAX_PARAGRAPH_CHARACTERS, MAX_QUESTIONS } from '../../src/content/limits.js';
import { generateInterview } from './generate.js';

const root = join(import.meta.dirname, '../..');

if (process.argv[2] === '--one') {
  const { buildFromDisk } = await import('../../src/run/load.js');
  const started = performance.now();
  await buildFromDisk({ root, contentFile: process.argv[3]!, baseUrl: 'http://localhost:3000', hsts: false });
  const ms = performance.now() - started;
  // maxRSS is in kilobytes: the peak of the whole process, build included.
  console.log(JSON.stringify({ ms, peakMb: process.resourceUsage().maxRSS / 1024 }));
} else {
  const real = readFileSync(join(root, 'content/interview.md'), 'utf8');
  // At the byte limit, and the question limit with it: 500 sections × 10 questions, about 2 KB each (9.8 MB).
  const atSize = generateInterview(real, { sections: 500 });
  // At the question limit with short answers: 5,000 questions, one paragraph each.
  const atQuestions = generateInterview(real, { sections: 500, extraParagraphs: 0 });
  // At the paragraph limit: answers of 20,000-character paragraphs, as many as fit under the byte limit.
  const paragraph = `${'The ambassador said that trade goes on. '.repeat(MAX_PARAGRAPH_CHARACTERS / 40)}`.slice(
    0,
    MAX_PARAGRAPH_CHARACTERS - 1,
  );
  const longParagraphs = generateInterview(real, { sections: 1, questionsPerSection: 1, extraParagraphs: 0 });
  const count = Math.floor((MAX_CONTENT_BYTES - 20_000) / (MAX_PARAGRAPH_CHARACTERS + 1));
  const lines = readFileSync(longParagraphs.file, 'utf8').split('\n');
  const credit = lines.findLastIndex((line) => line.trim() !== '');
  lines.splice(credit, 0, ...Array.from({ length: count }, () => `${paragraph}.`));
  writeFileSync(longParagraphs.file, lines.join('\n'));
  const cases = [
    ['the real interview', join(root, 'content/interview.md')],
    [`${MAX_QUESTIONS.toLocaleString('en')} questions, short answers`, atQuestions.file],
    [
      `${(atSize.bytes / 1e6).toFixed(1)} MB, ${MAX_QUESTIONS.toLocaleString('en')} questions (size and questions at the limit)`,
      atSize.file,
    ],
    [
      `${count} paragraphs of ${MAX_PARAGRAPH_CHARACTERS.toLocaleString('en')} characters (${(Buffer.byteLength(lines.join('\n')) / 1e6).toFixed(1)} MB)`,
      longParagraphs.file,
    ],
  ] as const;
  let base: { ms: number; peakMb: number } | undefined;
  for (const [name, file] of cases) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--one', file], {
      cwd: root,
      encoding: 'utf8',
    });
    const figures = JSON.parse(out.trim().split('\n').at(-1)!) as { ms: number; peakMb: number };
    base ??= figures;
    console.log(
      `  ${name.padEnd(62)} build ${(figures.ms / 1000).toFixed(1).padStart(5)} s (${(figures.ms / base.ms).toFixed(0)}× real)   peak ${figures.peakMb.toFixed(0).padStart(5)} MB (${(figures.peakMb / base.peakMb).toFixed(1)}× real)`,
    );
  }
  for (const generated of [atSize, atQuestions, longParagraphs])
    rmSync(dirname(generated.file), { recursive: true, force: true });
}
