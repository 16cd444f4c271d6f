// Accessibility in Chromium: axe 4.14 (WCAG 2.x A/AA, best practices, target-size) finds nothing at any impact on any page, light or dark, desktop or phone; no sideways scrolling; focus always visible; the skip link works.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allQuestions,
  AXE_TAGS,
  useReaderAndBrowser,
  newContext,
  PAGES,
  VIEWPORTS,
  type ViewportName,
} from './support/browser.js';
import { runAxe } from './support/axe.js';

const reader = useReaderAndBrowser();

/** axe's violations on the page as it is now, at any impact, one readable line per failing element. */
async function axeViolations(page: Page): Promise<string[]> {
  const results = await runAxe(page, {
    runOnly: { type: 'tag', values: AXE_TAGS },
    rules: { 'target-size': { enabled: true } },
  });
  return results.violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} (${violation.impact}): ${node.target.join(' ')} — ${node.failureSummary ?? violation.help}`,
    ),
  );
}

const SCHEMES = ['light', 'dark'] as const;

for (const viewport of Object.keys(VIEWPORTS) as ViewportName[]) {
  for (const colorScheme of SCHEMES) {
    describe(`axe on a ${viewport} in the ${colorScheme} scheme`, () => {
      let page: Page;

      beforeAll(async () => {
        const context = await newContext(reader.browser, viewport, { colorScheme });
        page = await context.newPage();
      });
      afterAll(() => page?.context().close());

      for (const { name, path, status } of PAGES) {
        it(`finds no violations on ${name} (${path})`, async () => {
          const response = await page.goto(reader.origin + path);
          expect(response?.status()).toBe(status);
          expect(await axeViolations(page)).toEqual([]);
        });
      }

      it('finds no violations on a section opened at a question, with its highlight', async () => {
        const question = allQuestions[1]!;
        await page.goto(`${reader.origin}${question.section.path}#${question.id}`);
        expect(await page.evaluate((id) => document.getElementById(id)?.matches(':target'), question.id)).toBe(true);
        expect(await axeViolations(page)).toEqual([]);
      });

      it('finds no violations with the keyboard shortcuts help open', async () => {
        await page.goto(reader.origin + allQuestions[0]!.section.path);
        await page.keyboard.press('?');
        await expect.poll(() => page.locator('dialog.shortcuts-help[open]').count()).toBe(1);
        expect(await axeViolations(page)).toEqual([]);
      });
    });
  }
}

describe('axe itself', () => {
  it('finds what is broken on purpose: an image with no text alternative and a link with no name', async () => {
    const context = await newContext(reader.browser, 'desktop');
    const page = await context.newPage();
    await page.goto(`${reader.origin}/`);
    await page.evaluate(() => {
      const main = document.querySelector('main')!;
      main.append(Object.assign(document.createElement('img'), { src: '/favicon.ico' }));
      main.append(Object.assign(document.createElement('a'), { href: '/full' }));
    });
    const rules = (await axeViolations(page)).map((line) => line.split(' ')[0]);
    expect(rules).toEqual(expect.arrayContaining(['image-alt', 'link-name']));
    await context.close();
  });
});

describe('the phone layout', () => {
  it('never scrolls sideways, on any page', async () => {
    const context = await newContext(reader.browser, 'phone');
    const page = await context.newPage();
    try {
      for (const { path } of PAGES) {
        await page.goto(reader.origin + path);
        const { scrollWidth, clientWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          clientWidth: document.documentElement.clientWidth,
        }));
        expect(scrollWidth, path).toBeLessThanOrEqual(clientWidth);
      }
    } finally {
      await context.close();
    }
  });
});

describe('keyboard focus', () => {
  let page: Page;

  beforeAll(async () => {
    const context = await newContext(reader.browser, 'desktop');
    page = await context.newPage();
  });
  afterAll(() => page?.context().close());

  /** Tabs through the whole page; for every stop, whether the focus ring is drawn and the element is on screen. */
  async function tabThrough(): Promise<{ stop: string; outline: string; visible: boolean }[]> {
    const stops: { stop: string; outline: string; visible: boolean }[] = [];
    for (let i = 0; i < 200; i++) {
      await page.keyboard.press('Tab');
      const stop = await page.evaluate(() => {
        const element = document.activeElement;
        if (!element || element === document.body || element === document.documentElement) return null;
        const style = getComputedStyle(element);
        const box = element.getBoundingClientRect();
        return {
          stop: `${element.tagName.toLowerCase()} ${element.textContent?.trim().slice(0, 40)}`,
          focusVisible: element.matches(':focus-visible'),
          outline: `${style.outlineStyle} ${style.outlineWidth}`,
          ringDrawn: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
          // Within a pixel: Chrome scrolls a focused element just into view, at fractional positions.
          visible: box.width > 0 && box.height > 0 && box.top >= -1 && box.bottom <= window.innerHeight + 1,
        };
      });
      if (!stop) break; // past the last focusable element, focus returns to the document
      if (stops.length > 0 && stop.stop === stops[0]!.stop) break; // wrapped around
      stops.push({
        stop: stop.stop,
        outline: stop.focusVisible && stop.ringDrawn ? 'drawn' : stop.outline,
        visible: stop.visible,
      });
    }
    return stops;
  }

  for (const { name, path } of PAGES.filter((p) => p.name !== 'not found')) {
    it(`shows where focus is at every Tab stop on ${name}`, async () => {
      await page.goto(reader.origin + path);
      const stops = await tabThrough();
      expect(stops.length).toBeGreaterThan(3);
      expect(stops.filter((stop) => stop.outline !== 'drawn' || !stop.visible)).toEqual([]);
    });
  }

  it('has a skip link as the first Tab stop that shows itself and moves focus to the main content', async () => {
    await page.goto(reader.origin + allQuestions[0]!.section.path);
    await page.keyboard.press('Tab');
    const skip = page.locator('a.skip-link');
    await expect.poll(() => skip.evaluate((element) => element === document.activeElement)).toBe(true);
    const box = await skip.boundingBox();
    expect(box && box.y >= 0 && box.height > 0).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/#main$/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
    // The next Tab lands inside the main content, not back in the header.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true);
  });
});
