// Printing /full: no navigation chrome, no forced break before a section, each question's share link printed beside it, absolute where it can be.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allQuestions, newContext, sections, useReaderAndBrowser } from './support/browser.js';

const reader = useReaderAndBrowser();
const published = useReaderAndBrowser({ SITE_URL: 'https://reader.example' });

/** What a printed /full looks like, read from computed styles under print media. */
function printedView(page: Page) {
  return page.evaluate(() => {
    const rendered = (element: Element) =>
      element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden';
    const chrome = ['nav', '.site-header', '.skip-link', '.toc', '.pager', 'button', 'dialog'];
    return {
      chromeShown: chrome.flatMap((selector) =>
        Array.from(document.querySelectorAll(selector))
          .filter(rendered)
          .map(() => selector),
      ),
      sectionBreaks: Array.from(document.querySelectorAll('.full-section')).map(
        (section) => getComputedStyle(section).breakBefore,
      ),
      printedLinks: Array.from(document.querySelectorAll('.qa')).map((qa) => ({
        id: qa.id,
        after: getComputedStyle(qa.querySelector('.permalink')!, '::after').content,
      })),
    };
  });
}

for (const javaScriptEnabled of [true, false]) {
  describe(`printing /full with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    let page: Page;

    beforeAll(async () => {
      const context = await newContext(reader.browser, 'desktop', { javaScriptEnabled });
      page = await context.newPage();
      await page.goto(`${reader.origin}/full`);
      await page.emulateMedia({ media: 'print' });
    });
    afterAll(() => page?.context().close());

    it('shows no navigation chrome: no header, contents, pager, skip link or buttons', async () => {
      const view = await printedView(page);
      expect(view.chromeShown).toEqual([]);
      expect(await page.locator('h1').isVisible()).toBe(true);
    });

    it('forces no page break before any section: breaks only where they save paper', async () => {
      const view = await printedView(page);
      expect(view.sectionBreaks).toEqual(sections.map(() => 'auto'));
    });

    it(`prints each question's share link beside its number, absolute, with the origin the pages name (script ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const view = await printedView(page);
      const prefix = reader.publicOrigin;
      expect(view.printedLinks).toEqual(
        allQuestions.map((question) => ({ id: question.id, after: `" ${prefix}/questions/${question.id}"` })),
      );
    });
  });
}

describe('printing /full from a site with SITE_URL set', () => {
  it("prints each question's absolute public link even with JavaScript off", async () => {
    const context = await newContext(published.browser, 'desktop', { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${published.origin}/full`);
    await page.emulateMedia({ media: 'print' });
    const view = await printedView(page);
    await context.close();
    expect(view.printedLinks).toEqual(
      allQuestions.map((question) => ({
        id: question.id,
        after: `" https://reader.example/questions/${question.id}"`,
      })),
    );
  });
});

describe('the screen stylesheet', () => {
  it('does not print links on screen', async () => {
    const context = await newContext(reader.browser, 'desktop');
    const page = await context.newPage();
    await page.goto(`${reader.origin}/full`);
    const after = await page.evaluate(() => getComputedStyle(document.querySelector('.permalink')!, '::after').content);
    await context.close();
    expect(after).toBe('none');
  });
});
