// `npm run screens [-- --out <folder>]`: screenshots of every page kind at 390×844 and 1280×900, light and dark, with an editorial note open and closed, and printed pages as PDF. For people to look at.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/browser/support/chromium.js';
import { pdfPagesAsPng } from '../test/browser/support/pdf.js';
import { startReader as startServer } from '../test/browser/support/server.js';

const { values } = parseArgs({ options: { out: { type: 'string', default: '.screens' } } });
const out = resolve(values.out);
mkdirSync(out, { recursive: true });

const server = await startServer();
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const firstSection = /href="(\/sections\/[^"#]+)"/.exec(await (await fetch(`${server.origin}/`)).text())![1]!;
const pages = [
  ['home', '/'],
  ['section', firstSection],
  ['question', '/questions/q2'],
  ['full', '/full'],
  ['notes', '/notes'],
  ['search', '/search?q=Kazakhstan'],
  ['not-found', '/no-such-page'],
] as const;
const sizes = [
  ['phone', { width: 390, height: 844 }],
  ['desktop', { width: 1280, height: 900 }],
] as const;
try {
  for (const scheme of ['light', 'dark'] as const) {
    for (const [size, viewport] of sizes) {
      const context = await browser.newContext({ viewport, colorScheme: scheme, deviceScaleFactor: 1 });
      const page = await context.newPage();
      for (const [name, path] of pages) {
        await page.goto(`${server.origin}${path}`, { waitUntil: 'load' });
        await page.screenshot({ path: join(out, `${name}-${size}-${scheme}.png`) });
      }
      // A question opened cold from a link, as it lands (tinted) and once the tint has faded (the rule stays).
      const q6 = /href="(\/sections\/[^"#]+#q6)"/.exec(await (await fetch(`${server.origin}/`)).text())![1]!;
      await page.goto('about:blank');
      await page.goto(`${server.origin}${q6}`, { waitUntil: 'load' });
      await page.screenshot({ path: join(out, `target-q6-${size}-${scheme}.png`) });
      await page.waitForFunction(() =>
        document.getAnimations().every((animation) => animation.playState === 'finished'),
      );
      await page.screenshot({ path: join(out, `target-q6-faded-${size}-${scheme}.png`) });
      // A note opened in place, on the question page: the first mark, scrolled into view.
      await page.goto(`${server.origin}/questions/q2`, { waitUntil: 'load' });
      const mark = page.locator('a.noteref').first();
      await mark.scrollIntoViewIfNeeded();
      await mark.click();
      await page.locator('.note-pop:popover-open').waitFor();
      await page.screenshot({ path: join(out, `note-open-${size}-${scheme}.png`) });
      // The same page scrolled to its notes list, as a reader without script lands there.
      await page.goto(`${server.origin}/questions/q2#note-kazakhstan-korea`, { waitUntil: 'load' });
      await page.screenshot({ path: join(out, `note-listed-${size}-${scheme}.png`) });
      await context.close();
    }
  }
  const context = await browser.newContext();
  const page = await context.newPage();
  for (const [name, path] of [
    ['full', '/full'],
    ['question', '/questions/q2'],
  ] as const) {
    await page.goto(`${server.origin}${path}`, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    const pdf = await page.pdf({ path: join(out, `print-${name}.pdf`), format: 'A4' });
    // Each printed page as a picture, margins, running head and page number included, drawn by pdf.js.
    const pictures = await pdfPagesAsPng(pdf);
    for (const [index, png] of pictures.entries()) writeFileSync(join(out, `print-${name}-page-${index + 1}.png`), png);
  }
  await context.close();
  console.log(`Screenshots in ${out}`);
} finally {
  await browser.close();
  await server.stop();
}
