// Content files as the server meets them on disk: each awkward file has a defined outcome, served or refused with file and line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ContentError } from '../src/content/errors.js';
import { MAX_CONTENT_BYTES, loadInterview } from '../src/run/load.js';
import { loadInputs } from '../src/run/load.js';
import { buildSite } from '../src/site/build.js';
import { appFor, realContent, root } from './support/site.js';

const dir = mkdtempSync(join(tmpdir(), 'content-'));
let count = 0;
/** Writes `bytes` to a fresh file and returns its path. */
function fileWith(bytes: string | Buffer): string {
  const file = join(dir, `case-${++count}.md`);
  writeFileSync(file, bytes);
  return file;
}
const serve = (file: string) => buildSite(loadInputs({ root, contentFile: file, baseUrl: '', hsts: false }));

/** The ContentError loading `file` throws; fails the test when it loads. */
function loadError(file: string): ContentError {
  try {
    loadInterview(file);
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return error as ContentError;
  }
  throw new Error(`${file} loaded`);
}

const minimal = '"Headline"\n"Section"\n- A question?\n- An answer.\n';

describe('loading a content file', { timeout: 30_000 }, () => {
  it('refuses a missing file, naming it', () => {
    const error = loadError(join(dir, 'missing.md'));
    expect(error.message).toMatch(/missing\.md: no such file$/);
  });

  it('refuses an empty file at line 1', () => {
    expect(loadError(fileWith('')).message).toMatch(/case-\d+\.md line 1: the file has no interview text/);
  });

  it('refuses invalid UTF-8, naming the line of the first bad byte', () => {
    const bytes = Buffer.concat([
      Buffer.from('"Headline"\n"Section"\n- A '),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(' question?\n- An answer.\n'),
    ]);
    expect(loadError(fileWith(bytes)).message).toMatch(/case-\d+\.md line 3: is not valid UTF-8$/);
  });

  it('serves a file with a byte-order mark and CRLF line endings exactly as the plain one', () => {
    const plain = serve(fileWith(realContent()));
    const bom = serve(fileWith(`\uFEFF${realContent()}`));
    const crlf = serve(fileWith(realContent().replace(/\n/g, '\r\n')));
    expect(bom.version).toBe(plain.version);
    expect(crlf.version).toBe(plain.version);
  });

  it('serves a file just under the 10 MiB limit, every paragraph of it', { timeout: 120_000 }, async () => {
    const paragraph = (n: number) => `Paragraph ${n}: ${'lorem ipsum dolor sit amet '.repeat(40).trim()}`;
    const paragraphs = Array.from(
      { length: Math.floor((MAX_CONTENT_BYTES - 100) / (paragraph(999_999).length + 1)) },
      (_, n) => paragraph(n),
    );
    const text = `"Headline"\n"Section"\n- A question?\n- An answer.\n${paragraphs.join('\n')}\n`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(MAX_CONTENT_BYTES - 50_000);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_CONTENT_BYTES);
    const site = serve(fileWith(text));
    const response = await request(appFor(site)).get('/full').expect(200);
    // Not toContain: a failure would print all 10 MB.
    expect(response.text.includes(`id="q1.${paragraphs.length + 1}">${paragraphs.at(-1)} <a class="para-link"`)).toBe(
      true,
    );
    expect(response.text.includes(`id="q1.2">${paragraphs[0]} <a class="para-link"`)).toBe(true);
  });

  it('refuses a file over 10 MiB with its size and the limit, rather than truncating it', () => {
    const file = fileWith(Buffer.alloc(MAX_CONTENT_BYTES + 1, 'a'));
    expect(loadError(file).message).toMatch(/case-\d+\.md: is 10,485,761 bytes; the limit is 10,485,760 \(10 MiB\)$/);
  });

  it('refuses question 5,001 at once, naming its line and the limit (a 100,000-question file never loaded before)', () => {
    const questions = Array.from({ length: 100_000 }, (_, n) => `- Question ${n + 1}?\n- Answer ${n + 1}.`);
    const file = fileWith(['"Headline"', '"Section"', ...questions].join('\n'));
    const error = loadError(file);
    expect(error.line).toBe(2 + 2 * 5_000 + 1);
    expect(error.message).toMatch(/case-\d+\.md line 10003: more than 5,000 questions; the limit is 5,000$/);
  });

  it('refuses a line (paragraph) over 20,000 characters by its line number, and takes one of 20,000', () => {
    const paragraph = (length: number) => `- ${'word '.repeat(length / 5).slice(0, length - 3)}.`;
    const longest = fileWith(['"Headline"', '"Section"', '- A question?', paragraph(20_000)].join('\n'));
    expect(loadInterview(longest).sections[0]!.questions[0]!.answer[0]!.text).toHaveLength(19_998);
    const file = fileWith(['"Headline"', '"Section"', '- A question?', paragraph(20_001)].join('\n'));
    expect(loadError(file).message).toMatch(
      /case-\d+\.md line 4: a paragraph of 20,001 characters; the limit is 20,000$/,
    );
  });

  it('shows raw HTML and <script> in the text as text, never as markup', async () => {
    const site = serve(
      fileWith(
        '"Headline <b>bold</b>"\n"Section"\n- Is <script>alert(1)</script> run?\n- No: <img src=x onerror=alert(2)> <style>body{}</style>\n',
      ),
    );
    const response = await request(appFor(site)).get('/full').expect(200);
    const $ = cheerio.load(response.text);
    // The only inline script element allowed is the JSON-LD data block, which is never run and holds no '<'.
    expect($('script:not([src]):not([type="application/ld+json"]), img, style, b, [onerror]').length).toBe(0);
    expect($('script[type="application/ld+json"]').text()).not.toContain('<');
    expect($('.question-text').text()).toBe('Is <script>alert(1)</script> run?');
    expect($('body').text()).toContain('<img src=x onerror=alert(2)>');
  });

  it('shows Markdown links with javascript: URLs as their text, with no such link', async () => {
    const site = serve(
      fileWith(
        '"Headline"\n"Section"\n- Is [this](javascript:alert(1)) safe?\n- [Yes](JaVaScRiPt:alert(2)) and [ok](https://example.com).\n',
      ),
    );
    const response = await request(appFor(site)).get('/full').expect(200);
    const $ = cheerio.load(response.text);
    expect($('a').filter((_, a) => /^\s*javascript:/i.test($(a).attr('href') ?? '')).length).toBe(0);
    expect($('.question-text').text()).toBe('Is [this](javascript:alert(1)) safe?');
    expect($('a[href="https://example.com"]').attr('rel')).toBe('noopener noreferrer');
  });

  it('refuses a section with no questions, at its heading', () => {
    expect(loadError(fileWith('"Headline"\n"Empty"\n"Section"\n- Q?\n- A.\n')).message).toMatch(
      /line 2: the section "Empty" has no question$/,
    );
  });

  it('refuses an answer without a question, at its line', () => {
    expect(loadError(fileWith('"Headline"\n"Section"\nJust an answer.\n')).message).toMatch(
      /line 3: an answer before any question/,
    );
  });

  it('refuses duplicate section titles, naming both lines', () => {
    expect(loadError(fileWith(`${minimal}"section"\n- Q?\n- A.\n`)).message).toMatch(
      /line 5: a second section titled "section" \(the first is on line 2\)$/,
    );
  });
});
