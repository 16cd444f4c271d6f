// Valid HTML and reader mode: the Nu Html Checker finds no errors on any page, served or enhanced by reader.js; Readability keeps every question.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as cheerio from 'cheerio';
import { beforeAll, describe, expect, it } from 'vitest';
import { foldPunctuation } from '../../src/render/typography.js';
import { newContext, PAGES, sections, useReaderAndBrowser } from './support/browser.js';

const require = createRequire(import.meta.url);
const reader = useReaderAndBrowser();

interface NuMessage {
  readonly type: string;
  readonly subType?: string;
  readonly url: string;
  readonly lastLine?: number;
  readonly message: string;
  readonly extract?: string;
}

/** Runs vnu.jar once over `files` (one JVM start for all) and returns its messages. */
async function checkHtml(files: readonly string[]): Promise<NuMessage[]> {
  const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
  const { stdout } = await promisify(execFile)(
    'java',
    ['-jar', jar, '--format', 'json', '--stdout', '--exit-zero-always', ...files],
    {
      maxBuffer: 16 * 1024 * 1024,
      timeout: 110_000,
    },
  ).catch((error: NodeJS.ErrnoException) => {
    throw new Error(
      error.code === 'ENOENT'
        ? 'java is not installed: the Nu Html Checker needs a Java runtime (apt-get install -y default-jre-headless)'
        : error.message,
    );
  });
  return (JSON.parse(stdout) as { messages: NuMessage[] }).messages;
}

describe('the Nu Html Checker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reader-html-'));
  const fileOf = (kind: 'served' | 'enhanced', name: string) =>
    join(dir, `${kind}-${name.replace(/[^a-z0-9]+/gi, '-')}.html`);
  const controlFile = join(dir, 'control-invalid.html');
  let messages: NuMessage[] = [];

  beforeAll(async () => {
    const context = await newContext(reader.browser, 'desktop');
    const page = await context.newPage();
    for (const { name, path, status } of PAGES) {
      // The bytes the server sends, and the document after reader.js has added its buttons and dialog.
      const response = await fetch(reader.origin + path);
      expect(response.status).toBe(status);
      writeFileSync(fileOf('served', name), await response.text());
      await page.goto(reader.origin + path);
      await page.waitForSelector('dialog.shortcuts-help', { state: 'attached' });
      writeFileSync(
        fileOf('enhanced', name),
        `<!doctype html>\n${await page.evaluate(() => document.documentElement.outerHTML)}`,
      );
    }
    await context.close();
    writeFileSync(
      controlFile,
      '<!doctype html><html lang="en"><head><title>x</title></head><body><ul><p>not a list item</p></ul></body></html>',
    );
    messages = await checkHtml([
      controlFile,
      ...PAGES.flatMap(({ name }) => [fileOf('served', name), fileOf('enhanced', name)]),
    ]);
  });

  const errorsIn = (file: string) =>
    messages
      .filter(
        (message) =>
          message.url.endsWith(file.slice(dir.length)) && (message.type === 'error' || message.subType === 'fatal'),
      )
      .map((message) => `line ${message.lastLine}: ${message.message} [${message.extract ?? ''}]`);

  for (const { name, path } of PAGES) {
    it(`reports no errors on ${name} (${path}) as served`, () => {
      expect(readFileSync(fileOf('served', name), 'utf8')).toContain('<!doctype html>');
      expect(errorsIn(fileOf('served', name))).toEqual([]);
    });
    it(`reports no errors on ${name} (${path}) after reader.js has run`, () => {
      expect(readFileSync(fileOf('enhanced', name), 'utf8')).toContain('class="shortcuts-help"');
      expect(errorsIn(fileOf('enhanced', name))).toEqual([]);
    });
  }

  it('does report errors: a known-invalid control page gets one (so silence means valid, not unchecked)', () => {
    expect(errorsIn(controlFile).length).toBeGreaterThan(0);
  });
});

describe('reader mode (Readability, as in Firefox Reader View)', () => {
  const readabilitySource = readFileSync(require.resolve('@mozilla/readability/Readability.js'), 'utf8');

  for (const section of sections) {
    it(`keeps every question and its id on section ${section.slug}`, async () => {
      const context = await newContext(reader.browser, 'desktop');
      const page = await context.newPage();
      await page.goto(reader.origin + section.path);
      // Readability runs in the page on a copy of the document, as a reader view does.
      const article = await page.evaluate<{ title: string; content: string } | null>(`(() => {
        ${readabilitySource}
        const article = new Readability(document.cloneNode(true)).parse();
        return article && { title: article.title, content: article.content };
      })()`);
      await context.close();

      expect(article).not.toBeNull();
      const $ = cheerio.load(article!.content);
      for (const question of section.questions) {
        const element = $(`#${question.id}`);
        expect(element.length, `${question.id} kept with its id`).toBe(1);
        expect(foldPunctuation(element.text()).replace(/\s+/g, ' '), `${question.id} kept with its text`).toContain(
          question.text,
        );
      }
      expect($('h1, h2').first().text() + article!.title).toContain(section.title);
    });
  }
});
