// Reader comforts from reader.js, in Chromium: the share control, paragraph links (what they copy: quoting.test.ts), keyboard shortcuts per page kind and their help, and that they stay out of the way.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { foldPunctuation } from '../../src/render/typography.js';
import { allQuestions, newContext, sections, useReaderAndBrowser } from './support/browser.js';

const reader = useReaderAndBrowser();

// A short interview whose only page fits on one screen: no question can be scrolled to the top.
const shortContent = join(mkdtempSync(join(tmpdir(), 'reader-short-')), 'short.md');
writeFileSync(
  shortContent,
  '"A short interview"\n"The only section"\n- One?\n- Yes.\n- Two?\n- Yes.\n- Three?\n- Yes.\n',
);
const short = useReaderAndBrowser({ CONTENT_FILE: shortContent });
const [first, second] = [sections[0]!, sections[1]!];

/**
 * Test-only instrumentation, added from outside the page's own code: records every keydown after the page's handlers
 * ran (whether one of them acted, i.e. prevented the default) and every navigation the page starts (Navigation API),
 * so that "nothing happened" is observed directly rather than by waiting.
 */
async function watch(page: Page): Promise<void> {
  await page.evaluate(() => {
    const record = window as unknown as { seenKeys: { key: string; handled: boolean }[]; seenNavigations: string[] };
    record.seenKeys = [];
    record.seenNavigations = [];
    window.addEventListener('keydown', (event) =>
      record.seenKeys.push({ key: event.key, handled: event.defaultPrevented }),
    );
    (window as unknown as { navigation: EventTarget }).navigation.addEventListener('navigate', (event) =>
      record.seenNavigations.push((event as unknown as { destination: { url: string } }).destination.url),
    );
  });
}

const seen = (page: Page) =>
  page.evaluate(() => {
    const record = window as unknown as { seenKeys: { key: string; handled: boolean }[]; seenNavigations: string[] };
    return {
      keys: record.seenKeys,
      navigations: record.seenNavigations,
      dialogOpen: document.querySelector('dialog[open]') !== null,
    };
  });

describe('the share control', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await newContext(reader.browser, 'desktop');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: reader.origin });
    page = await context.newPage();
  });
  afterAll(() => context?.close());

  it("is one button in every question's speaker line, its visible label inside its accessible name", async () => {
    await page.goto(reader.origin + first.path);
    const perQuestion = await page
      .locator('.qa')
      .evaluateAll((questions) => questions.map((qa) => qa.querySelectorAll('.turn-meta button.share').length));
    expect(perQuestion).toEqual(first.questions.map(() => 1));
    const question = first.questions[1]!;
    expect(
      await page.getByRole('button', { name: `Share question ${question.id.slice(1)}`, exact: true }).count(),
    ).toBe(1);
    expect(await page.locator(`#${question.id} button.share .share-label`).innerText()).toBe('Share');
  });

  // Headless Chromium on Linux has no navigator.share, so the control copies: the path every desktop without a share sheet takes.
  for (const where of ['section', 'full', 'question page', 'search hit'] as const) {
    it(`copies the question's share URL (/questions/qN, absolute) from a ${where}, says "Copied", and announces it`, async () => {
      const question = second.questions[0]!;
      const path = {
        section: second.path,
        full: '/full',
        'question page': `/questions/${question.id}`,
        'search hit': `/search?q=${encodeURIComponent(question.text.split(' ').slice(0, 4).join(' '))}`,
      }[where];
      await page.goto(reader.origin + path);
      const button =
        where === 'search hit'
          ? page.locator('.search-hit button.share').first()
          : page.locator(`#${question.id} button.share`);
      const expected =
        where === 'search hit'
          ? await page
              .locator('.search-hit')
              .first()
              .evaluate((hit) =>
                hit
                  .querySelector('.search-hit-question a')!
                  .getAttribute('href')!
                  .replace(/^.*#(q\d+).*$/, '$1'),
              )
          : question.id;
      // Test-only: record every text the label shows, so the short-lived "Copied" cannot be missed on a slow machine.
      await button.locator('.share-label').evaluate((label) => {
        const shown: string[] = ((window as unknown as { labelsShown: string[] }).labelsShown = []);
        new MutationObserver(() => shown.push(label.textContent ?? '')).observe(label, {
          childList: true,
          characterData: true,
          subtree: true,
        });
      });
      await button.click();
      await expect
        .poll(() => page.evaluate(() => (window as unknown as { labelsShown: string[] }).labelsShown[0]))
        .toBe('Copied');
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toBe(`${reader.publicOrigin}/questions/${expected}`);
      // Fetched as an unfurler fetches it (no fragment, no script), it previews as that question, with its image.
      const unfurled = await (await fetch(copied.replace(reader.publicOrigin, reader.origin))).text();
      const questionText = allQuestions.find((one) => one.id === expected)!.text;
      const decode = (text = '') =>
        text
          .replace(/&#39;/g, "'")
          .replace(/&quot;/g, '"')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&amp;/g, '&');
      expect(decode(/<meta property="og:title" content="([^"]*)"/.exec(unfurled)?.[1])).toEqual(
        questionText.length <= 110 ? questionText : expect.stringMatching(/…$/),
      );
      expect(unfurled).toMatch(
        /<meta property="og:image" content="http:\/\/localhost:\d+\/images\/preview\.[\w-]+\.png">/,
      );
      const live = page.locator('p.visually-hidden[role="status"]');
      await expect.poll(() => live.innerText()).toMatch(/copied/i);
      expect(await live.getAttribute('aria-live')).toBe('polite');
    });
  }

  it('lands, opened on a phone, with the question and its section named on the first screen', async () => {
    const phone = await newContext(reader.browser, 'phone');
    const opened = await phone.newPage();
    const question = second.questions[0]!;
    await opened.goto(`${reader.origin}/questions/${question.id}`);
    const box = await opened.locator('h1').boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + Math.min(box!.height, 120)).toBeLessThanOrEqual(844);
    expect(foldPunctuation(await opened.locator('h1').innerText())).toBe(question.text);
    const context = opened.getByText(second.title, { exact: false }).first();
    const contextBox = await context.boundingBox();
    expect(contextBox && contextBox.y >= 0 && contextBox.y < 844).toBe(true);
    await phone.close();
  });

  it('is a plain link to the same share URL without JavaScript', async () => {
    const noScript = await newContext(reader.browser, 'desktop', { javaScriptEnabled: false });
    const plain = await noScript.newPage();
    await plain.goto(reader.origin + first.path);
    expect(await plain.locator('button.share').count()).toBe(0);
    const hrefs = await plain
      .locator('.qa a.share')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    expect(hrefs).toEqual(first.questions.map((question) => `${reader.publicOrigin}/questions/${question.id}`));
    await noScript.close();
  });
});

describe('paragraph links and the quote bar', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await newContext(reader.browser, 'desktop');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: reader.origin });
    page = await context.newPage();
  });
  afterAll(() => context?.close());

  it('gives every answer paragraph an id q<N>.<k> and a permalink that shows on hover and focus', async () => {
    await page.goto(reader.origin + first.path);
    const ids = await page.locator('.turn-answer .para').evaluateAll((paras) => paras.map((p) => p.id));
    expect(ids.every((id) => /^q\d+\.\d+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    // With script it is a button that copies the paragraph's link (test/browser/quoting.test.ts).
    const link = page.locator('[id="q1.2"] .para-link');
    expect(await link.evaluate((a) => getComputedStyle(a).opacity)).toBe('0');
    await page.locator('[id="q1.2"]').hover();
    await expect.poll(() => link.evaluate((a) => getComputedStyle(a).opacity)).toBe('1');
    // Its accessible name holds its visible text.
    expect(await link.evaluate((a) => a.textContent)).toBe('¶ Copy link to paragraph 1.2');
  });

  it('hides the quote bar for a selection outside an answer', async () => {
    await page.goto(reader.origin + first.path);
    await page.evaluate(() => {
      const range = document.createRange();
      range.selectNodeContents(document.querySelector('h1')!);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    expect(await page.locator('.quote-bar').isVisible()).toBe(false);
  });
});

describe('keyboard shortcuts', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await newContext(reader.browser, 'desktop');
    page = await context.newPage();
  });
  afterAll(() => context?.close());
  beforeEach(async () => {
    await page.goto(reader.origin + second.path);
    await watch(page);
  });

  it('j moves to the next question and k to the previous: URL, highlight and focus follow', async () => {
    const ids = second.questions.map((question) => question.id);
    const at = () =>
      page.evaluate(() => ({
        hash: location.hash.slice(1),
        target: document.querySelector(':target')?.id,
        focused: document.activeElement?.id,
        top: document.querySelector(':target')?.getBoundingClientRect().top ?? -1,
      }));
    for (const id of ids) {
      await page.keyboard.press('j');
      await expect.poll(at).toMatchObject({ hash: id, target: id, focused: id });
      expect((await at()).top).toBeGreaterThanOrEqual(0);
    }
    // At the last question, j has nowhere to go; k walks back.
    await page.keyboard.press('j');
    expect((await at()).hash).toBe(ids.at(-1));
    for (const id of ids.slice(0, -1).reverse()) {
      await page.keyboard.press('k');
      await expect.poll(at).toMatchObject({ hash: id, target: id, focused: id });
    }
    expect(
      (await seen(page)).keys.filter((key) => key.key === 'j' || key.key === 'k').every((key) => key.handled),
    ).toBe(true);
  });

  it('j and k step through every question of every page, including those too near the end to scroll to the top', async () => {
    const pages = [
      ...sections.map((section) => ({ path: section.path, ids: section.questions.map((q) => q.id) })),
      { path: '/full', ids: allQuestions.map((q) => q.id) },
    ];
    for (const viewport of ['desktop', 'phone'] as const) {
      const sized = await newContext(reader.browser, viewport);
      const tab = await sized.newPage();
      const hash = () => tab.evaluate(() => location.hash.slice(1));
      for (const { path, ids } of pages) {
        await tab.goto(reader.origin + path);
        for (const id of ids) {
          await tab.keyboard.press('j');
          await expect.poll(hash, { message: `${viewport} ${path} j` }).toBe(id);
        }
        for (const id of ids.slice(0, -1).reverse()) {
          await tab.keyboard.press('k');
          await expect.poll(hash, { message: `${viewport} ${path} k` }).toBe(id);
        }
      }
      await sized.close();
    }
  });

  it('j and k step question by question on a page too short to scroll at all', async () => {
    const tab = await (await newContext(short.browser, 'desktop')).newPage();
    await tab.goto(`${short.origin}/sections/the-only-section`);
    const hash = () => tab.evaluate(() => location.hash.slice(1));
    for (const id of ['q1', 'q2', 'q3']) {
      await tab.keyboard.press('j');
      await expect.poll(hash).toBe(id);
    }
    for (const id of ['q2', 'q1']) {
      await tab.keyboard.press('k');
      await expect.poll(hash).toBe(id);
    }
    await tab.context().close();
  });

  it('n follows the rel=next link and p the rel=prev link', async () => {
    await page.keyboard.press('n');
    await page.waitForURL(reader.origin + sections[2]!.path);
    await page.keyboard.press('p');
    await page.waitForURL(reader.origin + second.path);
    await page.keyboard.press('p');
    await page.waitForURL(reader.origin + first.path);
    // On the first section there is no previous one: p does nothing.
    await watch(page);
    await page.keyboard.press('p');
    expect(await seen(page)).toMatchObject({ navigations: [], keys: [{ key: 'p', handled: false }] });
  });

  it('? opens a help dialog listing the shortcuts; Escape closes it; shortcuts rest while it is open', async () => {
    await page.keyboard.press('?');
    const dialog = page.locator('dialog.shortcuts-help');
    await expect.poll(() => dialog.evaluate((element) => (element as HTMLDialogElement).open)).toBe(true);
    expect(await dialog.locator('kbd').allInnerTexts()).toEqual(['j', 'k', 'n', 'p', '?']);
    expect(await dialog.getAttribute('aria-labelledby')).toBe('shortcuts-help-title');
    await page.keyboard.press('n');
    expect((await seen(page)).navigations).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.evaluate((element) => (element as HTMLDialogElement).open)).toBe(false);
  });

  it('the shortcuts hint in the header opens the same help', async () => {
    expect(await page.locator('.site-header button.shortcuts-button').isVisible()).toBe(true);
    await page.locator('button.shortcuts-button').click();
    await expect.poll(() => page.locator('dialog.shortcuts-help[open]').count()).toBe(1);
    await page.locator('dialog.shortcuts-help button', { hasText: 'Close' }).click();
    await expect.poll(() => page.locator('dialog.shortcuts-help[open]').count()).toBe(0);
  });

  it('are declared with aria-keyshortcuts where they act', async () => {
    const declared = await page.evaluate(() =>
      Array.from(document.querySelectorAll('[aria-keyshortcuts]')).map((element) => [
        element.matches('a[rel="next"]')
          ? 'next link'
          : element.matches('a[rel="prev"]')
            ? 'prev link'
            : element.matches('.qa')
              ? 'question'
              : element.className,
        element.getAttribute('aria-keyshortcuts'),
      ]),
    );
    expect(declared).toEqual(
      expect.arrayContaining([
        ['question', 'j k'],
        ['next link', 'n'],
        ['prev link', 'p'],
        ['shortcuts-button', 'Shift+?'],
      ]),
    );
    expect(declared.filter(([kind]) => kind === 'question')).toHaveLength(second.questions.length);
  });

  for (const modifier of ['Control', 'Alt', 'Meta'] as const) {
    it(`do nothing with ${modifier} held`, async () => {
      for (const key of ['j', 'k', 'n', 'p', '?']) await page.keyboard.press(`${modifier}+${key}`);
      const after = await seen(page);
      expect(after.navigations).toEqual([]);
      expect(after.dialogOpen).toBe(false);
      expect(after.keys.filter((key) => key.handled)).toEqual([]);
      // The same keys without the modifier do act: the observation above could have failed.
      await page.keyboard.press('j');
      expect((await seen(page)).navigations).toHaveLength(1);
    });
  }

  it('do nothing with Shift held, except ? which needs it', async () => {
    for (const key of ['J', 'K', 'N', 'P']) await page.keyboard.press(`Shift+${key}`);
    expect(await seen(page)).toMatchObject({ navigations: [], dialogOpen: false });
  });

  for (const field of ['input', 'textarea', 'select', 'contenteditable'] as const) {
    it(`do nothing while focus is in a form field (${field})`, async () => {
      // Test-only: the product has no form field of its own yet, so put one in this page's copy of the DOM.
      await page.evaluate((kind) => {
        const element = kind === 'contenteditable' ? document.createElement('div') : document.createElement(kind);
        if (kind === 'contenteditable') element.setAttribute('contenteditable', 'true');
        if (kind === 'select') element.append(new Option('jump'), new Option('next'));
        element.id = 'test-field';
        element.setAttribute('aria-label', 'test field');
        document.querySelector('main')!.prepend(element);
      }, field);
      await page.locator('#test-field').focus();
      for (const key of ['j', 'k', 'n', 'p', '?']) await page.keyboard.press(key);
      const after = await seen(page);
      expect(after.navigations).toEqual([]);
      expect(after.dialogOpen).toBe(false);
      expect(after.keys.filter((key) => key.handled)).toEqual([]);
      if (field === 'input' || field === 'textarea')
        expect(await page.locator('#test-field').inputValue()).toBe('jknp?');
      if (field === 'contenteditable') expect(await page.locator('#test-field').innerText()).toBe('jknp?');
    });
  }
});

describe('keyboard shortcuts on every page kind', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await newContext(reader.browser, 'desktop');
    page = await context.newPage();
  });
  afterAll(() => context?.close());

  const helpKeys = async () => {
    await page.keyboard.press('?');
    const dialog = page.locator('dialog.shortcuts-help');
    await expect.poll(() => dialog.evaluate((element) => (element as HTMLDialogElement).open)).toBe(true);
    const rows = await dialog.locator('dd').allInnerTexts();
    await page.keyboard.press('Escape');
    return rows;
  };

  it('home: n opens section 1, and the help says so', async () => {
    await page.goto(`${reader.origin}/`);
    expect(await helpKeys()).toEqual(['Start reading: section 1', 'Show this list']);
    await page.keyboard.press('n');
    await page.waitForURL(reader.origin + first.path);
  });

  it('/full: n and p move by section, j and k by question', async () => {
    await page.goto(`${reader.origin}/full`);
    expect(await helpKeys()).toEqual([
      'Next question',
      'Previous question',
      'Next section',
      'Previous section',
      'Show this list',
    ]);
    const hash = () => page.evaluate(() => location.hash.slice(1));
    for (const section of sections) {
      await page.keyboard.press('n');
      await expect.poll(hash).toBe(`section-${section.slug}`);
    }
    for (const section of sections.slice(0, -1).reverse()) {
      await page.keyboard.press('p');
      await expect.poll(hash).toBe(`section-${section.slug}`);
    }
  });

  it('question page: n and p move by question, and the help says "question"', async () => {
    await page.goto(`${reader.origin}/questions/q2`);
    expect(await helpKeys()).toEqual(['Next question', 'Previous question', 'Show this list']);
    await page.keyboard.press('n');
    await page.waitForURL(`${reader.origin}/questions/q3`);
    await page.keyboard.press('p');
    await page.waitForURL(`${reader.origin}/questions/q2`);
  });

  it('hides the hint on a touch-only phone', async () => {
    const phone = await newContext(reader.browser, 'phone');
    const tab = await phone.newPage();
    await tab.goto(reader.origin + first.path);
    await tab.waitForSelector('dialog.shortcuts-help', { state: 'attached' });
    expect(
      await tab
        .locator('button.shortcuts-button')
        .evaluateAll((buttons) => buttons.map((b) => getComputedStyle(b).display)),
    ).toEqual(['none']);
    await phone.close();
  });
});
