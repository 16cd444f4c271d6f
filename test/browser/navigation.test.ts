// In Chromium: a cold-opened target marked, not flooded; one of each control; contents that say what is asked (issue 21, items 5–7).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { foldPunctuation } from '../../src/render/typography.js';
import { allQuestions, newContext, sections, useReaderAndBrowser, type ViewportName } from './support/browser.js';

const reader = useReaderAndBrowser();
const VIEWPORT_NAMES: ViewportName[] = ['phone', 'desktop'];
const SCHEMES = ['light', 'dark'] as const;
const q6 = allQuestions[5]!;
const TRANSPARENT = 'rgba(0, 0, 0, 0)';

/** The target's marks: the tinted box (background and sideways shadows), the rule beside it, and the boxes around. */
const marks = (page: Page, id: string, tinted: string) =>
  page.evaluate(
    ({ id, tinted }) => {
      const target = document.getElementById(id)!;
      const box = target.querySelector<HTMLElement>(tinted) ?? target;
      const style = getComputedStyle(box);
      const rule = getComputedStyle(box, '::before');
      const rect = (element: Element) => element.getBoundingClientRect().toJSON() as DOMRect;
      return {
        target: target.matches(':target'),
        background: style.backgroundColor,
        shadow: style.boxShadow,
        box: rect(box),
        block: rect(target),
        question: rect(target.querySelector('.turn-question') ?? target),
        rule: {
          content: rule.content,
          colour: rule.backgroundColor,
          width: parseFloat(rule.width),
          height: parseFloat(rule.height),
        },
        accent: getComputedStyle(document.documentElement).getPropertyValue('--accent').trim(),
        text: rect(target.querySelector('.question-text, .para, p') ?? target),
        viewport: window.innerHeight,
      };
    },
    { id, tinted },
  );

/** Resolves once every animation running on the target's marks has finished: the animations' own promise, no timer. */
const fadeFinished = (page: Page, id: string, tinted: string) =>
  page.evaluate(
    ({ id, tinted }) => {
      const target = document.getElementById(id)!;
      const box = target.querySelector(tinted) ?? target;
      return Promise.all(box.getAnimations().map((animation) => animation.finished)).then(
        () => box.getAnimations().length,
      );
    },
    { id, tinted },
  );

const rgb = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
};

describe('a cold-opened question is marked, not flooded', () => {
  for (const viewport of VIEWPORT_NAMES) {
    for (const colorScheme of SCHEMES) {
      it(`tints only the question, fades the tint and keeps the rule beside it, at ${viewport} size, ${colorScheme}`, async () => {
        const context = await newContext(reader.browser, viewport, { colorScheme });
        const page = await context.newPage();
        await page.goto('about:blank');
        await page.goto(`${reader.origin}${q6.section.path}#${q6.id}`);
        const landed = await marks(page, q6.id, '.turn-question');
        expect(landed.target).toBe(true);
        // As it lands: tinted, and the tint no taller than the question (its speaker line and words), never the answer.
        expect(landed.background).not.toBe(TRANSPARENT);
        expect(landed.box.height).toBeLessThanOrEqual(landed.question.height + 0.5);
        expect(landed.box.height).toBeLessThan(landed.block.height / 2);
        expect(landed.box.height).toBeLessThan(landed.viewport / 3);
        // The rule: the accent, beside the question (outside its text), as tall as it.
        expect(landed.rule.colour).toBe(rgb(landed.accent));
        expect(landed.rule.width).toBeGreaterThanOrEqual(2);
        expect(landed.rule.height).toBeCloseTo(landed.question.height, 0);
        expect(await fadeFinished(page, q6.id, '.turn-question')).toBeGreaterThan(0);
        const faded = await marks(page, q6.id, '.turn-question');
        expect(faded.background).toBe(TRANSPARENT);
        expect(faded.shadow).not.toMatch(/rgb\(/);
        expect(faded.rule.colour).toBe(rgb(faded.accent));
        expect(faded.rule.height).toBeCloseTo(faded.question.height, 0);
        // Nothing moved while it faded: the marks change no box.
        expect(faded.text).toEqual(landed.text);
        expect(faded.block).toEqual(landed.block);
        await context.close();
      });
    }
  }

  it('shows only the rule, with no animation, when the reader asks for reduced motion', async () => {
    const context = await newContext(reader.browser, 'phone', { reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(`${reader.origin}${q6.section.path}#${q6.id}`);
    const seen = await marks(page, q6.id, '.turn-question');
    expect(seen.background).toBe(TRANSPARENT);
    expect(seen.rule.colour).toBe(rgb(seen.accent));
    expect(
      await page.evaluate(
        (id) => document.getElementById(id)!.querySelector('.turn-question')!.getAnimations().length,
        q6.id,
      ),
    ).toBe(0);
    await context.close();
  });

  it('gives a paragraph link the rule alone, and a text fragment its one highlight', async () => {
    const context = await newContext(reader.browser, 'phone');
    const page = await context.newPage();
    const paragraph = `${q6.id}.2`;
    await page.goto(`${reader.origin}${q6.section.path}#${paragraph}`);
    const seen = await marks(page, paragraph, ':scope');
    expect(seen.target).toBe(true);
    expect(seen.background).toBe(TRANSPARENT);
    expect(seen.rule.colour).toBe(rgb(seen.accent));
    expect(seen.rule.height).toBeCloseTo(seen.box.height, 0);
    // A text fragment: Chromium makes the element holding the words the :target; nothing but the words is tinted.
    await page.goto('about:blank');
    await page.goto(`${reader.origin}${q6.section.path}#${q6.id}:~:text=absence%20of%20Russophobia`);
    const around = await page.evaluate(() => {
      const target = document.querySelector(':target')!;
      const tinted: string[] = [];
      for (let element: Element | null = target; element && element !== document.body; element = element.parentElement)
        if (getComputedStyle(element).backgroundColor !== 'rgba(0, 0, 0, 0)') tinted.push(element.className);
      return { id: target.id, tinted };
    });
    expect(around.id).toBe(paragraph);
    expect(around.tinted).toEqual([]);
    await context.close();
  });

  it("marks an editor's note and, back in the text, its mark, without moving anything", async () => {
    const context = await newContext(reader.browser, 'desktop');
    const page = await context.newPage();
    await page.goto(`${reader.origin}${q6.section.path}`);
    const note = await page.locator(`#${q6.id} .note`).first().getAttribute('id');
    const ref = await page.locator(`#${q6.id} .noteref`).first().getAttribute('id');
    await page.goto(`${reader.origin}${q6.section.path}#${note}`);
    const landed = await marks(page, note!, ':scope');
    expect(landed.background).not.toBe(TRANSPARENT);
    expect(landed.rule.colour).toBe(rgb(landed.accent));
    await fadeFinished(page, note!, ':scope');
    const faded = await marks(page, note!, ':scope');
    expect(faded.background).toBe(TRANSPARENT);
    expect(faded.rule.colour).toBe(rgb(faded.accent));
    expect(faded.box).toEqual(landed.box);
    // "Back to the text" lands on the mark: an outline, which takes no room.
    await page.locator(`#${note} .note-back`).click();
    await expect.poll(() => page.evaluate(() => document.querySelector(':target')?.id)).toBe(ref);
    const outline = await page.locator(`#${ref}`).evaluate((mark) => getComputedStyle(mark).outlineStyle);
    expect(outline).toBe('solid');
    await context.close();
  });
});

/** Visible elements matching `selector` whose text matches `text`. */
const visibleCount = (page: Page, selector: string, text?: RegExp) =>
  page
    .locator(selector)
    .evaluateAll(
      (elements, source) =>
        elements.filter(
          (element) =>
            element.checkVisibility({ visibilityProperty: true }) &&
            element.getBoundingClientRect().width > 1 &&
            (source === null || new RegExp(source, 'i').test((element as HTMLElement).innerText.trim())),
        ).length,
      text ? text.source : null,
    );

describe('one of each', () => {
  for (const viewport of VIEWPORT_NAMES) {
    it(`shows one contents control, one link to the whole interview and one search box, at ${viewport} size`, async () => {
      const context = await newContext(reader.browser, viewport);
      const page = await context.newPage();
      for (const path of [sections[1]!.path, `/questions/${q6.id}`, '/full']) {
        await page.goto(reader.origin + path);
        expect(await visibleCount(page, 'a, summary', /^contents\b/), path).toBe(1);
      }
      await page.goto(`${reader.origin}/`);
      expect(await visibleCount(page, 'a[href="/full"]')).toBe(1);
      await page.goto(`${reader.origin}/search?q=Kazakhstan`);
      expect(await visibleCount(page, 'input[type="search"]')).toBe(1);
      expect(await page.locator('input[type="search"]').inputValue()).toBe('Kazakhstan');
      await context.close();
    });

    it(`writes no question number as "#6", at ${viewport} size, with the context bar showing`, async () => {
      const context = await newContext(reader.browser, viewport);
      const page = await context.newPage();
      for (const path of ['/', `${q6.section.path}#${q6.id}`, `/questions/${q6.id}`, '/full']) {
        await page.goto(reader.origin + path);
        await page.mouse.wheel(0, 200);
        expect(await page.locator('body').innerText(), path).not.toMatch(/#\d/);
      }
      await context.close();
    });
  }
});

describe('contents that say what is asked', () => {
  for (const viewport of VIEWPORT_NAMES) {
    it(`show each question whole on the home page, at ${viewport} size`, async () => {
      const context = await newContext(reader.browser, viewport);
      const page = await context.newPage();
      await page.goto(`${reader.origin}/`);
      const shown = await page.locator('.toc-questions .toc-text').allInnerTexts();
      expect(shown.map(foldPunctuation)).toEqual(allQuestions.map((question) => question.text));
      await context.close();
    });
  }
});

describe("the phone's sticky bar names the section without cutting a word", () => {
  /** The section with the longest title: the one a phone's bar cannot hold whole. */
  const longest = [...sections].sort((a, b) => b.title.length - a.title.length)[0]!;
  const wordsOf = (text: string) =>
    foldPunctuation(text)
      .replace(/^\s*·\s*/, '')
      .split(/\s+/);

  for (const width of [390, 320]) {
    it(`at ${width} px, stuck, the title is whole or whole words and an ellipsis, never clipped; without script it wraps`, async () => {
      for (const javaScriptEnabled of [true, false]) {
        const context = await newContext(reader.browser, 'phone', { javaScriptEnabled });
        const page = await context.newPage();
        await page.setViewportSize({ width, height: 844 });
        await page.goto(`${reader.origin}${longest.path}#${longest.questions.at(-1)!.id}`);
        if (javaScriptEnabled) await page.locator('.context-bar.is-stuck').waitFor();
        const bar = await page.evaluate(() => {
          const title = document.querySelector<HTMLElement>('.context-bar .context-title')!;
          return {
            shown: title.getClientRects().length > 0,
            text: title.textContent,
            clipped: title.scrollWidth > title.clientWidth + 1,
            barClipped: [...document.querySelectorAll('.context-bar > *')].some(
              (part) => part.scrollWidth > part.clientWidth + 1,
            ),
          };
        });
        await context.close();
        const label = `${width} px, script ${javaScriptEnabled ? 'on' : 'off'}: "${bar.text}"`;
        expect(bar.clipped, label).toBe(false);
        expect(bar.barClipped, label).toBe(false);
        if (!bar.shown) continue;
        const whole = wordsOf(longest.title);
        const shown = wordsOf(bar.text);
        if (shown.at(-1)!.endsWith('\u2026')) {
          const kept = shown.map((word, index) => (index === shown.length - 1 ? word.slice(0, -1) : word));
          // Every word kept is the title's word, whole: the last one too (its trailing punctuation aside).
          kept.forEach((word, index) => expect(whole[index]!.replace(/[,.:;]$/, ''), label).toBe(word));
          expect(kept.length, label).toBeLessThan(whole.length);
        } else {
          expect(shown, label).toEqual(whole);
        }
      }
    });
  }
});
