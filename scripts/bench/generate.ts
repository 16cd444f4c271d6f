// Generates a large interview (default 500 sections × 10 questions, about 10 MB) from the real one's text, for the scaling bench.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How big an interview to make. */
export interface GenerateOptions {
  /** Number of sections; default 500. */
  readonly sections?: number;
  /** Questions per section; default 10. */
  readonly questionsPerSection?: number;
  /** Extra answer paragraphs per question, cycled from the real text; default 4 (about 2 KB per question). */
  readonly extraParagraphs?: number;
}

/**
 * Writes a generated content file into a fresh temp directory and returns its path and size.
 * The text is the real interview's front matter, headline, lede and credit around sections
 * whose questions and answers reuse the real paragraphs, so page sizes and markup are realistic.
 */
export function generateInterview(source: string, options: GenerateOptions = {}): { file: string; bytes: number } {
  const sections = options.sections ?? 500;
  const perSection = options.questionsPerSection ?? 10;
  const extra = options.extraParagraphs ?? 4;
  const [, frontMatter = '', body = ''] = /^(---\n[\s\S]*?\n---\n)([\s\S]*)$/.exec(source) ?? [];
  const lines = body
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const headline = lines[0]!;
  const lede = lines[1]!;
  const credit = lines[lines.length - 1]!;
  const turns = lines.filter((line) => line.startsWith('- ')).map((line) => line.slice(2));
  const prose = lines.slice(2, -1).filter((line) => !line.startsWith('- ') && !line.startsWith('"'));

  const out: string[] = [headline, '', lede, ''];
  let turn = 0;
  let paragraph = 0;
  for (let s = 1; s <= sections; s++) {
    out.push(`"Part ${s}: ${prose[s % prose.length]!.split(/[,.]/)[0]!.slice(0, 70).trim()}"`);
    for (let q = 0; q < perSection; q++) {
      out.push(`- ${turns[turn++ % turns.length]}`, `- ${turns[turn++ % turns.length]}`);
      for (let p = 0; p < extra; p++) out.push(prose[paragraph++ % prose.length]!);
    }
  }
  out.push(credit, '');
  const text = frontMatter + out.join('\n');
  const dir = mkdtempSync(join(tmpdir(), 'reader-bench-'));
  const file = join(dir, 'interview.md');
  writeFileSync(file, text);
  return { file, bytes: Buffer.byteLength(text) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sections = Number(process.argv[2] ?? 500);
  const source = readFileSync(join(import.meta.dirname, '../../content/interview.md'), 'utf8');
  const { file, bytes } = generateInterview(source, { sections });
  console.log(`${file} (${(bytes / 1e6).toFixed(1)} MB, ${sections} sections × 10 questions)`);
}
