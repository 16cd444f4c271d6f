// Quoting and copying links in Chromium: "Copy quote" copies the words with their credit (a machine translation, and
// whose) and a link, from a bar by the selection that never covers it; ¶ copies its paragraph's link; every control
// hands out one URL form per target. At 390×844 and 1280×900, light and dark.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { languageName } from '../../src/render/text.js';
import { runAxe } from './support/axe.js';
import {
  AXE_TAGS,
  interview,
  newContext,
  sections,
  useReaderAndBrowser,
  type ViewportName,
} from './support/browser.js';

const reader = useReaderAndBrowser();
const { meta } = interview;
/** The credit as the front matter gives it: the speaker, whose interview, whose translation. */
const credit =
  `${meta.interviewee.name}, ${meta.interviewee.role}, interviewed by ${meta.outlet} ` +
  `(machine translation from ${languageName(meta.translation!.from)} by ${meta.translation!.service})`;
const first = sections[0]!;
const last = sections[sections.length - 1]!;

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}
const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/**
 * Selects `length` characters of paragraph `id`'s text, from `start` (negative: from its end), across elements
 * (note marks) if need be; scrolls the paragraph to the middle of the screen first. Returns the selected words.
 */
async function select(page: Page, id: string, start: number, length: number): Promise<string> {
  return page.evaluate(
    ({ id, start, length }) => {
      const paragraph = document.getElementById(id)!;
      paragraph.scrollIntoView({ block: 'center' });
      // No TreeWalker filter: a callback cannot run in a page with JavaScript off.
      const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
      const texts: Text[] = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode())
        if (!node.parentElement!.closest('.speaker, .para-link')) texts.push(node as Text);
      const total = texts.reduce((sum, text) => sum + text.length, 0);
      const at = (offset: number): [Text, number] => {
        for (const text of texts) {
          if (offset <= text.length) return [text, offset];
          offset -= text.length;
        }
        throw new Error('offset past the paragraph');
      };
      const from = start < 0 ? total + start : start;
      const range = document.createRange();
      range.setStart(...at(from));
      range.setEnd(...at(from + length));
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
      return range.toString().replace(/\s+/g, ' ').trim();
    },
    { id, start, length },
  );
}

/** The bar, the selection's line boxes and the screen, as they are now. */
const geometry = (page: Page) =>
  page.evaluate(() => {
    const box = ({ left, top, right, bottom }: DOMRect) => ({ left, top, right, bottom });
    const bar = document.querySelector<HTMLElement>('.quote-bar');
    return {
      bar: bar && !bar.hidden ? box(bar.getBoundingClientRect()) : null,
      lines: Array.from(getSelection()!.rangeCount ? getSelection()!.getRangeAt(0).getClientRects() : [])
        .filter((rect) => rect.width > 0)
        .map(box),
      width: document.documentElement.clientWidth,
      height: innerHeight,
    };
  });

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());
const live = (page: Page) => page.locator('p.visually-hidden[role="status"]');

async function openAt(viewport: ViewportName, colorScheme: 'light' | 'dark', path: string, width?: number) {
  const context = await newContext(reader.browser, viewport, {
    colorScheme,
    ...(width ? { viewport: { width, height: 640 } } : {}),
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: reader.origin });
  const page = await context.newPage();
  await page.goto(reader.origin + path);
  return { context, page };
}

for (const viewport of ['phone', 'desktop'] as const) {
  for (const colorScheme of ['light', 'dark'] as const) {
    describe(`Copy quote on a ${viewport}, ${colorScheme}`, () => {
      let context: BrowserContext;
      let page: Page;
      beforeAll(async () => {
        ({ context, page } = await openAt(viewport, colorScheme, first.path));
      });
      afterAll(() => context?.close());

      it(`stands ${viewport === 'phone' ? 'below' : 'above'} the selection, covering none of it, and copies the words with their credit and link`, async () => {
        const selected = await select(page, 'q1.3', 4, 60);
        await expect.poll(async () => (await geometry(page)).bar).not.toBeNull();
        const { bar, lines, width, height } = await geometry(page);
        for (const line of lines) expect(overlaps(bar!, line), JSON.stringify({ bar, line })).toBe(false);
        if (viewport === 'phone') expect(bar!.top).toBeGreaterThanOrEqual(lines[lines.length - 1]!.bottom);
        else expect(bar!.bottom).toBeLessThanOrEqual(lines[0]!.top);
        expect(bar!.left).toBeGreaterThanOrEqual(0);
        expect(bar!.right).toBeLessThanOrEqual(width);
        expect(bar!.bottom).toBeLessThanOrEqual(height);

        // axe finds nothing with the bar open.
        const results = await runAxe(page, {
          runOnly: { type: 'tag', values: AXE_TAGS },
          rules: { 'target-size': { enabled: true } },
        });
        expect(
          results.violations.map(
            (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
          ),
        ).toEqual([]);

        await page.locator('.quote-bar button').click();
        await expect.poll(() => clipboard(page)).toMatch(/^“/);
        const copied = await clipboard(page);
        const paragraphUrl = `${reader.publicOrigin}/questions/q1#q1.3`;
        expect(copied.startsWith(`“${selected}” — ${credit}, ${paragraphUrl}`), copied).toBe(true);
        expect(copied.slice(`“${selected}” — ${credit}, ${paragraphUrl}`.length)).toMatch(/^(:~:text=\S+)?$/);
        await expect.poll(() => live(page).innerText()).toBe('Quote copied to the clipboard, with its credit and link');
      });

      it('follows the selection when the page scrolls, and hides while the selection is off screen', async () => {
        // From no selection, so that the bar measured next stands by this one.
        await page.evaluate(() => getSelection()!.removeAllRanges());
        await expect.poll(async () => (await geometry(page)).bar).toBeNull();
        await select(page, 'q1.3', 4, 20);
        await expect.poll(async () => (await geometry(page)).bar).not.toBeNull();
        const before = (await geometry(page)).bar!;
        await page.evaluate(() => scrollBy(0, 60));
        await expect
          .poll(async () => Math.round((await geometry(page)).bar?.top ?? NaN))
          .toBe(Math.round(before.top - 60));
        await page.evaluate(() => scrollBy(0, innerHeight * 2));
        await expect.poll(async () => (await geometry(page)).bar).toBeNull();
        await page.evaluate(() => document.getElementById('q1.3')!.scrollIntoView({ block: 'center' }));
        await expect.poll(async () => (await geometry(page)).bar).not.toBeNull();
      });
    });
  }
}

describe('Copy quote, what it copies', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ({ context, page } = await openAt('desktop', 'light', '/full'));
  });
  afterAll(() => context?.close());

  it('copies the words alone across a note’s mark (its number is drawn, not written), as the reader sees them', async () => {
    const id = await page.evaluate(() => document.querySelector('.turn-answer .para .noteref')!.closest('.para')!.id);
    const [markStart, markLength, markText, markNumber] = await page.evaluate((id) => {
      const paragraph = document.getElementById(id)!;
      const mark = paragraph.querySelector('.noteref')!;
      const range = document.createRange();
      range.setStart(paragraph, 0);
      range.setEndBefore(mark);
      const speaker = paragraph.querySelector('.speaker')?.textContent?.length ?? 0;
      return [
        range.toString().length - speaker,
        mark.textContent.length,
        mark.textContent,
        mark.getAttribute('data-n')!,
      ];
    }, id);
    const selected = await select(page, id, Math.max(0, markStart - 10), markLength + 20);
    await page.locator('.quote-bar button').click();
    await expect.poll(() => clipboard(page)).toMatch(/^“/);
    const copied = await clipboard(page);
    const words = copied.slice(1, copied.indexOf('” — '));
    expect(words).toBe(selected);
    expect(words).toContain(markText);
    expect(words).not.toContain(markText + markNumber);
  });

  it('keeps the typographic quotes and apostrophes the page shows', async () => {
    const found = await page.evaluate(() => {
      for (const paragraph of document.querySelectorAll('.turn-answer .para')) {
        const index = (paragraph.textContent ?? '').search(/\w’\w/);
        if (index > 0) return { id: paragraph.id };
      }
      return null;
    });
    expect(found).not.toBeNull();
    // The paragraph's first apostrophe, with words either side.
    const offset = await page.evaluate((id) => {
      const paragraph = document.getElementById(id)!;
      const speaker = paragraph.querySelector('.speaker')?.textContent?.length ?? 0;
      const text = (paragraph.textContent ?? '').slice(speaker);
      return text.search(/\w’\w/);
    }, found!.id);
    const selected = await select(page, found!.id, Math.max(0, offset - 12), 24);
    expect(selected).toContain('’');
    await page.locator('.quote-bar button').click();
    await expect.poll(() => clipboard(page)).toContain(selected);
    expect((await clipboard(page)).split(' — ')[0]).not.toMatch(/['"]/);
  });

  it('links to the quote: opened on a phone, the paragraph is on the first screen', async () => {
    await page.goto(reader.origin + first.path);
    await select(page, 'q1.3', 4, 36);
    await page.locator('.quote-bar button').click();
    await expect.poll(() => clipboard(page)).toMatch(/^“/);
    const copied = await clipboard(page);
    // Scrolled to by its text fragment when the words are unique there, or by its id.
    const url = copied.slice(copied.lastIndexOf(', ') + 2).replace(reader.publicOrigin, reader.origin);
    const phone = await newContext(reader.browser, 'phone');
    const tab = await phone.newPage();
    await tab.goto(url);
    await expect
      .poll(() =>
        tab.evaluate(() => {
          const box = document.getElementById('q1.3')!.getBoundingClientRect();
          return box.top >= 0 && box.top < innerHeight;
        }),
      )
      .toBe(true);
    await phone.close();
  });

  it('stays clear of the credit line at the end of the interview', async () => {
    await page.goto(reader.origin + last.path);
    const lastId = await page.evaluate(() => Array.from(document.querySelectorAll('.turn-answer .para')).at(-1)!.id);
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    await select(page, lastId, -30, 25);
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    await expect.poll(async () => (await geometry(page)).bar).not.toBeNull();
    const { bar, lines } = await geometry(page);
    const credits = await page
      .locator('.credit')
      .evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().toJSON() as DOMRect));
    expect(credits.length).toBeGreaterThan(0);
    for (const box of [...credits, ...lines]) expect(overlaps(bar!, box), JSON.stringify({ bar, box })).toBe(false);
  });

  it('is reached with the keyboard from the selection, and Escape closes it', async () => {
    await page.goto(reader.origin + first.path);
    await select(page, 'q1.3', 4, 20);
    await expect.poll(async () => (await geometry(page)).bar).not.toBeNull();
    await expect.poll(() => live(page).innerText()).toBe('Copy quote available after this paragraph');
    // The bar follows the quoted paragraph in the tab order: past that paragraph's own ¶ and note marks, it is next.
    const stops = await page.evaluate(
      () => document.getElementById('q1.3')!.querySelectorAll('a[href], button').length,
    );
    await page.evaluate(() => {
      // Tab starts from the selection's place, as after a click there.
      (
        document.getElementById('q1.3')!.previousElementSibling?.querySelector('button, a[href]') as HTMLElement | null
      )?.focus();
    });
    for (let press = 0; press <= stops + 1; press++) {
      if (await page.evaluate(() => document.activeElement?.closest('.quote-bar') !== null)) break;
      await page.keyboard.press('Tab');
    }
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Copy quote');
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await geometry(page)).bar).toBeNull();
    // A new selection brings it back.
    await select(page, 'q1.3', 30, 20);
    await expect.poll(async () => (await geometry(page)).bar).not.toBeNull();
  });
});

describe('Copy quote on a 320 px screen', () => {
  it('stays on screen for a selection at the end of a line', async () => {
    const { context, page } = await openAt('phone', 'light', first.path, 320);
    for (const start of [0, -12]) {
      await select(page, 'q1.3', start, 10);
      await expect.poll(async () => (await geometry(page)).bar).not.toBeNull();
      const { bar, lines, width } = await geometry(page);
      expect(bar!.left).toBeGreaterThanOrEqual(0);
      expect(bar!.right).toBeLessThanOrEqual(width);
      for (const line of lines) expect(overlaps(bar!, line)).toBe(false);
    }
    await context.close();
  });
});

describe('¶, a paragraph’s link', () => {
  it.each(['light', 'dark'] as const)(
    'copies the paragraph’s link (one URL on every page kind), puts it in the address bar and announces it (%s)',
    async (colorScheme) => {
      const { context, page } = await openAt('desktop', colorScheme, first.path);
      const expected = `${reader.publicOrigin}/questions/q1#q1.2`;
      for (const path of [first.path, '/full', '/questions/q1']) {
        await page.goto(reader.origin + path);
        await page.evaluate(() => navigator.clipboard.writeText(''));
        const button = page.getByRole('button', { name: '¶ Copy link to paragraph 1.2', exact: true });
        await page.locator('[id="q1.2"]').hover();
        await button.click();
        await expect.poll(() => clipboard(page), { message: path }).toBe(expected);
        expect(new URL(page.url()).hash, path).toBe('#q1.2');
        await expect.poll(() => live(page).innerText()).toBe('Link to paragraph 1.2 copied to the clipboard');
      }
      // Copy quote's link to the same paragraph is the same URL.
      await select(page, 'q1.2', 0, 12);
      await page.locator('.quote-bar button').click();
      await expect.poll(() => clipboard(page)).toContain(`, ${expected}`);
      await context.close();
    },
  );

  it('is a plain link to the paragraph, and there is no quote bar, without JavaScript', async () => {
    const context = await newContext(reader.browser, 'desktop', { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(reader.origin + first.path);
    expect(await page.locator('[id="q1.2"] a.para-link').getAttribute('href')).toBe('#q1.2');
    await select(page, 'q1.3', 4, 20);
    expect(await page.locator('.quote-bar').count()).toBe(0);
    await context.close();
  });
});
