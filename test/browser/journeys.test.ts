// Reading journeys in Chromium, with JavaScript on and off: contents → section, next/previous and Back, a question's link opened cold.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allQuestions,
  useReaderAndBrowser,
  newContext,
  sections,
  VIEWPORTS,
  type ViewportName,
} from './support/browser.js';

const reader = useReaderAndBrowser();

const h1 = (page: Page) => page.locator('h1').innerText();

for (const javaScriptEnabled of [true, false]) {
  describe(`reading journeys with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      context = await newContext(reader.browser, 'desktop', { javaScriptEnabled });
      page = await context.newPage();
    });
    afterAll(() => context?.close());

    it('goes from the contents to each section: the URL and the h1 change to that section', async () => {
      for (const section of sections) {
        await page.goto(`${reader.origin}/`);
        await page.locator('.toc-section-link', { hasText: section.title }).click();
        await page.waitForURL(`${reader.origin}${section.path}`);
        expect(await h1(page)).toBe(section.title);
        expect(await page.title()).toContain(section.title);
      }
    });

    it('walks next through every section, previous back to the first, then Back through history with the scroll position restored', async () => {
      await page.goto(`${reader.origin}${sections[0]!.path}`);
      const visited: { path: string; scrollY: number }[] = [];
      const walk = async (rel: 'next' | 'prev', expected: typeof sections) => {
        for (const section of expected) {
          const link = page.locator(`.pager a[rel="${rel}"]`);
          await link.scrollIntoViewIfNeeded();
          const scrollY = await page.evaluate(() => window.scrollY);
          visited.push({ path: new URL(page.url()).pathname, scrollY });
          await link.click();
          await page.waitForURL(`${reader.origin}${section.path}`);
          expect(await h1(page)).toBe(section.title);
        }
      };
      await walk('next', sections.slice(1));
      expect(await page.locator('.pager a[rel="next"]').count()).toBe(0);
      await walk('prev', sections.slice(0, -1).reverse());
      expect(await page.locator('.pager a[rel="prev"]').count()).toBe(0);

      // Every page we left was left from its pager, scrolled down; Back must return there.
      expect(visited.every((entry) => entry.scrollY > 0)).toBe(true);
      for (const entry of visited.reverse()) {
        await page.goBack();
        await page.waitForURL(`${reader.origin}${entry.path}`);
        const title = sections.find((section) => section.path === entry.path)!.title;
        expect(await h1(page)).toBe(title);
        await page.waitForFunction((y) => Math.abs(window.scrollY - y) <= 2, entry.scrollY, { timeout: 15_000 });
      }
    });

    for (const viewport of Object.keys(VIEWPORTS) as ViewportName[]) {
      it(`opens each question's link cold on a ${viewport}: the question is in view, uncovered, and highlighted`, async () => {
        const cold = await newContext(reader.browser, viewport, { javaScriptEnabled });
        const fresh = await cold.newPage();
        try {
          for (const question of allQuestions) {
            // From a blank page, so each question's link starts a new document load, as a shared link does.
            await fresh.goto('about:blank');
            await fresh.goto(`${reader.origin}${question.section.path}#${question.id}`);
            const seen = await fresh.evaluate((id) => {
              const element = document.getElementById(id)!;
              const box = element.getBoundingClientRect();
              const heading = element.querySelector('.question-text')!.getBoundingClientRect();
              // What is painted at the question's top corners and the middle of its text: the question, or something over it?
              const points = [
                [box.left + 4, box.top + 4],
                [box.right - 4, box.top + 4],
                [heading.left + heading.width / 2, heading.top + heading.height / 2],
              ] as const;
              const covered = points.filter(([x, y]) => !element.contains(document.elementFromPoint(x, y)));
              return {
                top: box.top,
                headingBottom: heading.bottom,
                viewport: window.innerHeight,
                covered: covered.length,
                target: element.matches(':target'),
                // The mark that stays: the rule beside the question, in the accent (the tint fades).
                rule: getComputedStyle(element.querySelector('.turn-question')!, '::before').backgroundColor,
                page: getComputedStyle(document.body).backgroundColor,
              };
            }, question.id);
            expect(seen.target, question.id).toBe(true);
            expect(seen.top, question.id).toBeGreaterThanOrEqual(0);
            expect(seen.headingBottom, question.id).toBeLessThanOrEqual(seen.viewport);
            expect(seen.covered, `${question.id} is covered`).toBe(0);
            expect(seen.rule, `${question.id} is marked`).not.toBe(seen.page);
            expect(seen.rule).not.toBe('rgba(0, 0, 0, 0)');
          }
        } finally {
          await cold.close();
        }
      });
    }
  });
}
