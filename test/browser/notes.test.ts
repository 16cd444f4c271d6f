// Editorial notes in Chromium: a mark opens its note in place (Escape, a tap or click outside, a second mark; focus goes
// back), it fits a 320 px screen, axe finds nothing with it open or closed, the words stay words, and without script
// the mark and the note link to each other.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotate } from '../../src/content/notes.js';
import { foldPunctuation, typesetText } from '../../src/render/typography.js';
import { realNotes } from '../support/site.js';
import { runAxe } from './support/axe.js';
import {
  AXE_TAGS,
  interview,
  newContext,
  useReaderAndBrowser,
  VIEWPORTS,
  type ViewportName,
} from './support/browser.js';

const reader = useReaderAndBrowser();
const notes = annotate(interview, realNotes(), 'content/notes.yaml');
const onQ2 = notes.filter((note) => note.place.question === 'q2');

async function axeViolations(page: Page): Promise<string[]> {
  const results = await runAxe(page, {
    runOnly: { type: 'tag', values: AXE_TAGS },
    rules: { 'target-size': { enabled: true } },
  });
  return results.violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id} (${violation.impact}): ${node.target.join(' ')}`),
  );
}

const popOpen = (page: Page) =>
  page.evaluate(() => document.querySelector('.note-pop')?.matches(':popover-open') ?? false);
const focusedId = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement;
    return active?.closest('.note-pop') ? 'note-pop' : (active?.id ?? '');
  });

for (const viewport of Object.keys(VIEWPORTS) as ViewportName[]) {
  describe(`a note opened in place on a ${viewport}`, () => {
    let page: Page;
    beforeAll(async () => {
      page = await (await newContext(reader.browser, viewport)).newPage();
    });
    afterAll(() => page?.context().close());

    it('opens beside its words, labelled as the editor’s, and axe finds nothing open or closed', async () => {
      await page.goto(`${reader.origin}/questions/q2`, { waitUntil: 'load' });
      expect(await axeViolations(page)).toEqual([]);
      const first = onQ2[0]!;
      const mark = page.locator(`#noteref-${first.id}`);
      await mark.scrollIntoViewIfNeeded();
      if (viewport === 'phone') await mark.tap();
      else await mark.click();
      await expect.poll(() => popOpen(page)).toBe(true);
      const pop = page.locator('.note-pop');
      await expect.poll(() => pop.isVisible()).toBe(true);
      expect(await pop.locator('.note-label').textContent()).toBe(`Editor's note ${first.number} · Translation slip`);
      expect(await pop.getAttribute('role')).toBe('dialog');
      expect(await pop.textContent()).toContain('Democratic Party of Korea');
      expect(await mark.getAttribute('data-open')).toBe('');
      expect(page.url()).toBe(`${reader.origin}/questions/q2`);
      expect(await focusedId(page)).toBe('note-pop');
      // Beside the words: level with them in the margin where the screen is wide, else right under the mark's last
      // line (or right above it); never over them.
      const [markBox, popBox] = [(await mark.boundingBox())!, (await pop.boundingBox())!];
      const overlaps =
        popBox.x < markBox.x + markBox.width &&
        markBox.x < popBox.x + popBox.width &&
        popBox.y < markBox.y + markBox.height &&
        markBox.y < popBox.y + popBox.height;
      expect(overlaps).toBe(false);
      const level = popBox.x >= markBox.x + markBox.width && Math.abs(popBox.y - markBox.y) < 4;
      const gap = Math.min(
        Math.abs(popBox.y - (markBox.y + markBox.height)),
        Math.abs(markBox.y - (popBox.y + popBox.height)),
      );
      expect(level || gap < 16).toBe(true);
      if (viewport === 'desktop') expect(level).toBe(true);
      expect(popBox.x).toBeGreaterThanOrEqual(0);
      expect(popBox.x + popBox.width).toBeLessThanOrEqual(VIEWPORTS[viewport].width);
      expect(await axeViolations(page)).toEqual([]);
    });

    it('closes with Escape and gives focus back to the mark', async () => {
      await page.keyboard.press('Escape');
      await expect.poll(() => popOpen(page)).toBe(false);
      await expect.poll(() => focusedId(page)).toBe(`noteref-${onQ2[0]!.id}`);
      expect(await page.locator(`#noteref-${onQ2[0]!.id}`).getAttribute('data-open')).toBeNull();
    });

    it('opens from the keyboard, and closes with a tap or click outside, focus back on the mark', async () => {
      await page.keyboard.press('Enter');
      await expect.poll(() => popOpen(page)).toBe(true);
      const size = VIEWPORTS[viewport];
      // A spot of plain page away from the note: the page's left margin, near the bottom.
      if (viewport === 'phone') await page.touchscreen.tap(4, size.height - 20);
      else await page.mouse.click(4, size.height - 20);
      await expect.poll(() => popOpen(page)).toBe(false);
      await expect.poll(() => focusedId(page)).toBe(`noteref-${onQ2[0]!.id}`);
    });

    it('closes the first note when a second mark is opened', async () => {
      const [first, second] = onQ2 as [(typeof onQ2)[0], (typeof onQ2)[0]];
      await page.locator(`#noteref-${first.id}`).click();
      await expect.poll(() => popOpen(page)).toBe(true);
      const other = page.locator(`#noteref-${second.id}`);
      await other.scrollIntoViewIfNeeded();
      await other.click();
      await expect.poll(() => page.locator('.note-pop .note-label').textContent()).toContain(`note ${second.number}`);
      expect(await page.locator('.note-pop').count()).toBe(1);
      expect(await popOpen(page)).toBe(true);
      expect(await page.locator(`#noteref-${first.id}`).getAttribute('data-open')).toBeNull();
      expect(await other.getAttribute('data-open')).toBe('');
      await page.keyboard.press('Escape');
      await expect.poll(() => focusedId(page)).toBe(`noteref-${second.id}`);
    });
  });
}

describe('notes on a 320 px screen', () => {
  it('open within the screen, with no sideways scrolling', async () => {
    const context = await reader.browser.newContext({
      viewport: { width: 320, height: 640 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    try {
      await page.goto(`${reader.origin}/full`, { waitUntil: 'load' });
      for (const note of notes.filter((_, k) => k % 4 === 0)) {
        const mark = page.locator(`#noteref-${note.id}`);
        await mark.scrollIntoViewIfNeeded();
        await mark.tap();
        await expect.poll(() => popOpen(page)).toBe(true);
        const box = (await page.locator('.note-pop').boundingBox())!;
        expect(box.x, note.id).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, note.id).toBeLessThanOrEqual(320);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), note.id).toBeLessThanOrEqual(320);
        await page.keyboard.press('Escape');
        await expect.poll(() => popOpen(page)).toBe(false);
      }
    } finally {
      await context.close();
    }
  });
});

describe('the marked words stay words', () => {
  it('give a screen reader and a copied selection the source’s sentence whole, the number drawn outside it', async () => {
    const page = await (await newContext(reader.browser, 'desktop')).newPage();
    try {
      await page.goto(`${reader.origin}/full`, { waitUntil: 'load' });
      for (const note of notes) {
        // The mark's accessible name is its words: the number beside them has empty alternative text.
        const words = typesetText(note.quote); // as the page sets them
        expect(await page.getByRole('link', { name: words, exact: true }).count(), note.id).toBeGreaterThanOrEqual(1);
        const drawn = await page.evaluate(
          (id) => getComputedStyle(document.getElementById(id)!, '::after').content,
          `noteref-${note.id}`,
        );
        expect(drawn, note.id).toContain(String(note.number));
      }
      const sentence = await page.evaluate(() => {
        const paragraph = document.getElementById('noteref-kazakhstan-korea')!.closest('p')!;
        const range = document.createRange();
        range.selectNodeContents(paragraph);
        const selection = getSelection()!;
        selection.removeAllRanges();
        selection.addRange(range);
        return selection.toString();
      });
      const source = interview.sections[0]!.questions[1]!.answer[1]!.text;
      expect(foldPunctuation(sentence.replace(/\s*¶.*$/s, '').trim())).toBe(source);
    } finally {
      await page.context().close();
    }
  });
});

describe('notes without JavaScript', () => {
  it('link the marked words to the note and the note back to the words', async () => {
    const context = await reader.browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORTS.phone });
    const page = await context.newPage();
    try {
      await page.goto(`${reader.origin}/questions/q2`, { waitUntil: 'load' });
      const note = onQ2[1]!;
      await page.locator(`#noteref-${note.id}`).click();
      await expect.poll(() => new URL(page.url()).hash).toBe(`#note-${note.id}`);
      expect(await page.evaluate((id) => document.getElementById(id)!.matches(':target'), `note-${note.id}`)).toBe(
        true,
      );
      expect(await page.locator(`#note-${note.id}`).isVisible()).toBe(true);
      await page.locator(`#note-${note.id} a[role="doc-backlink"]`).click();
      await expect.poll(() => new URL(page.url()).hash).toBe(`#noteref-${note.id}`);
      expect(await page.locator('.note-pop').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
