// The design system, measured in Chromium at 1280×900 and 390×844, light and dark: measure, one text column, the phone
// home page's first screen, cold opens, target sizes, question vs answer size, contents numbering, fonts and layout
// shift, print on A4, and screenshots of every page kind with a committed visual baseline (UPDATE_BASELINE=1 rewrites it).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldPunctuation } from '../../src/render/typography.js';
import { root } from '../support/site.js';
import { runAxe } from './support/axe.js';
import { measureFontShift } from './support/font-shift.js';
import {
  allQuestions,
  newContext,
  screenshotDir,
  sections,
  useReaderAndBrowser,
  type ViewportName,
} from './support/browser.js';

const reader = useReaderAndBrowser();

/** One page of each kind, as a reader meets them. */
const KINDS = [
  { name: 'home', path: '/' },
  { name: 'section', path: sections[1]!.path },
  { name: 'question', path: `/questions/${allQuestions[5]!.id}` },
  { name: 'full', path: '/full' },
  { name: 'search', path: '/search?q=Korean+culture' },
  { name: 'not-found', path: '/no-such-page' },
  { name: 'section-at-q6', path: `${allQuestions[5]!.section.path}#${allQuestions[5]!.id}` },
] as const;

/**
 * Characters a full line holds in long paragraphs as laid out: a paragraph's characters over its lines counted in
 * full-line widths (the width its text's line boxes cover, over the column's width), so a short last line counts as
 * the fraction it is. The paragraph permalink and the speaker label are left out.
 */
function charactersPerLine(page: Page, selector: string) {
  return page.evaluate((sel) => {
    const paragraphs = Array.from(document.querySelectorAll(sel)).filter((p) => (p.textContent ?? '').length > 300);
    return paragraphs.slice(0, 5).map((p) => {
      const width = p.getBoundingClientRect().width;
      let chars = 0;
      let covered = 0;
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT, {
        acceptNode: (node) =>
          node.parentElement?.closest('.para-link, .speaker') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
      });
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(node);
        chars += (node.textContent ?? '').length;
        for (const rect of Array.from(range.getClientRects())) covered += rect.width;
      }
      return Math.round(chars / (covered / width));
    });
  }, selector);
}

/** An excerpt as the contents show it: the question itself, or its start cut at a word boundary with an ellipsis. */
function expectWordBoundaryExcerpt(shown: string, question: string): void {
  // The page sets the source's quotes typographically: compare in the source's characters.
  const excerpt = foldPunctuation(shown);
  expect(excerpt.length).toBeGreaterThanOrEqual(40);
  if (excerpt.endsWith('…')) {
    const kept = excerpt.slice(0, -1);
    expect(question.startsWith(kept), excerpt).toBe(true);
    expect(question[kept.length], excerpt).toMatch(/[\s,.;:]/);
    expect(kept).not.toMatch(/\b(the|a|an|in|of|to|and|by|for|with)$/i);
  } else expect(question.startsWith(excerpt), excerpt).toBe(true);
}

describe('the measure', () => {
  for (const [viewport, min, max] of [
    ['desktop', 60, 75],
    ['phone', 30, 50],
  ] as const) {
    it(`sets answers at ${min}–${max} characters a full line on a ${viewport}`, async () => {
      const context = await newContext(reader.browser, viewport);
      const page = await context.newPage();
      await page.goto(reader.origin + sections[0]!.path);
      await page.evaluate(() => document.fonts.ready);
      const perLine = await charactersPerLine(page, '.turn-answer .para');
      await context.close();
      console.log(`characters a line, ${viewport}: ${perLine.join(', ')}`);
      expect(perLine.length).toBeGreaterThan(2);
      for (const chars of perLine) expect(chars).toBeGreaterThanOrEqual(min);
      for (const chars of perLine) expect(chars).toBeLessThanOrEqual(max);
    });
  }
});

describe('one layout grid', () => {
  it('puts the text column at the same x, with the same width, on every page kind at 1280', async () => {
    const context = await newContext(reader.browser, 'desktop');
    const page = await context.newPage();
    const columns: Record<string, { x: number; width: number; textX: number }> = {};
    for (const { name, path } of KINDS) {
      await page.goto(reader.origin + path);
      columns[name] = await page.evaluate(() => {
        const main = document.querySelector('main')!.getBoundingClientRect();
        const heading = document.querySelector('main h1')!.getBoundingClientRect();
        return { x: Math.round(main.left), width: Math.round(main.width), textX: Math.round(heading.left) };
      });
    }
    await context.close();
    const first = columns.home!;
    for (const [name, column] of Object.entries(columns)) expect(column, name).toEqual(first);
  });

  it('keeps the contents beside the text on a wide screen, sticky, never over it', async () => {
    const context = await newContext(reader.browser, 'desktop');
    const page = await context.newPage();
    await page.goto(reader.origin + sections[1]!.path);
    const before = await page.evaluate(() => ({
      toc: { right: document.querySelector('.toc-side')!.getBoundingClientRect().right },
      main: { left: document.querySelector('main')!.getBoundingClientRect().left },
    }));
    // Half-way down (at the very end the contents leave with the end of the text, as a sticky column does).
    await page.evaluate(() => window.scrollTo(0, 600));
    await page.waitForFunction(() => window.scrollY >= 600);
    const after = await page.evaluate(() => ({
      top: document.querySelector('.toc-side')!.getBoundingClientRect().top,
    }));
    await context.close();
    expect(before.toc.right).toBeLessThanOrEqual(before.main.left);
    expect(after.top).toBeGreaterThanOrEqual(0);
    expect(after.top).toBeLessThan(100);
  });

  it('folds the contents into a disclosure at the top on a phone, the one contents control there, which opens', async () => {
    const context = await newContext(reader.browser, 'phone');
    const page = await context.newPage();
    await page.goto(reader.origin + sections[1]!.path);
    const details = page.locator('details.toc-details');
    expect(await details.evaluate((element) => (element as HTMLDetailsElement).open)).toBe(false);
    const summaryTop = await page.locator('.toc-summary').evaluate((element) => element.getBoundingClientRect().top);
    expect(summaryTop).toBeLessThan(120);
    expect(await page.locator('.site-header a', { hasText: 'Contents' }).count()).toBe(0);
    await page.locator('.toc-summary').click();
    await expect.poll(() => details.evaluate((element) => (element as HTMLDetailsElement).open)).toBe(true);
    await context.close();
  });

  it('keeps the phone header to one row', async () => {
    const context = await newContext(reader.browser, 'phone');
    const page = await context.newPage();
    for (const { path } of KINDS) {
      await page.goto(reader.origin + path);
      expect(
        await page.locator('.site-header').evaluate((header) => header.getBoundingClientRect().height),
        path,
      ).toBeLessThanOrEqual(56);
    }
    await context.close();
  });
});

describe('the phone home page', () => {
  it('shows the headline, the byline, the reading time and a way to start reading on its first screen', async () => {
    const context = await newContext(reader.browser, 'phone');
    const page = await context.newPage();
    await page.goto(`${reader.origin}/`);
    await page.evaluate(() => document.fonts.ready);
    const bottoms = await page.evaluate(() =>
      Object.fromEntries(
        ['h1', '.standfirst', '.reading-total', '.start-reading a[rel="next"]'].map((selector) => [
          selector,
          document.querySelector(selector)!.getBoundingClientRect().bottom,
        ]),
      ),
    );
    const byline = await page.locator('.standfirst').innerText();
    await context.close();
    for (const [selector, bottom] of Object.entries(bottoms)) expect(bottom, selector).toBeLessThanOrEqual(844);
    expect(byline).toMatch(/Izvestia/);
    expect(byline).toMatch(/Georgy Zinoviev, Russian Ambassador to the Republic of Korea/);
    expect(byline).toMatch(/Machine translation from Russian by Yandex Translate/);
  });
});

describe('cold opens', () => {
  for (const viewport of ['phone', 'desktop'] as ViewportName[]) {
    it(`show the question's section title on the first screen on a ${viewport}`, async () => {
      const context = await newContext(reader.browser, viewport);
      const page = await context.newPage();
      for (const question of allQuestions) {
        await page.goto('about:blank');
        await page.goto(`${reader.origin}${question.section.path}#${question.id}`);
        await page.evaluate(
          () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
        );
        const seen = await page.evaluate((title) => {
          const inView = (element: Element) => {
            const box = element.getBoundingClientRect();
            const style = getComputedStyle(element);
            return (
              box.bottom > 0 &&
              box.top < innerHeight &&
              box.width > 0 &&
              style.display !== 'none' &&
              style.visibility !== 'hidden'
            );
          };
          const candidates = Array.from(
            document.querySelectorAll('.context-title, .toc-section-link[aria-current="page"], h1'),
          );
          // The phone's stuck bar names it by as many whole words as fit (reader.js), unclipped; elsewhere it is whole.
          const named = (element: Element) => {
            const text = (element.textContent ?? '').replace(/^\s*\u00b7\s*/, '');
            if (!element.matches('.context-title')) return text.includes(title.slice(0, 30));
            const kept = text.replace(/\u2026$/, '');
            return (
              element.scrollWidth <= element.clientWidth + 1 &&
              kept.length > 0 &&
              (text === title || (title.startsWith(kept) && title[kept.length] === ' ') || text.endsWith(title))
            );
          };
          return candidates.some((element) => inView(element) && named(element));
        }, question.section.title);
        expect(seen, `${viewport} ${question.id}`).toBe(true);
      }
      await context.close();
    });
  }

  it("land a search hit's text fragment with its question's speaker line in view, or named in the sticky bar on a phone", async () => {
    const context = await newContext(reader.browser, 'phone');
    const page = await context.newPage();
    for (const query of ['Korean citizens', 'sanctions', 'Pushkin']) {
      await page.goto(`${reader.origin}/search?q=${encodeURIComponent(query)}`);
      const hrefs = await page
        .locator('.search-hit-question a')
        .evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
      for (const href of hrefs.slice(0, 3)) {
        const id = href.replace(/^.*#(q\d+).*$/, '$1');
        await page.goto('about:blank');
        await page.goto(reader.origin + href);
        // Chromium centres a text fragment's words (scroll-margin cannot move that); a speaker line more than half a
        // screen above them is then named by the sticky context bar instead.
        await expect
          .poll(
            () =>
              page.evaluate((qid) => {
                const meta = document.querySelector(`#${qid} .turn-meta`)!.getBoundingClientRect();
                const bar = document.querySelector('.context-bar.is-stuck');
                const metaInView =
                  meta.top >= (bar ? bar.getBoundingClientRect().bottom : 0) && meta.bottom <= innerHeight;
                const named = bar !== null && (bar.textContent ?? '').includes(`Question ${qid.slice(1)}`);
                return metaInView || named;
              }, id),
            { message: `${query}: ${href}` },
          )
          .toBe(true);
      }
    }
    await context.close();
  });
});

describe('questions and answers', () => {
  it('sets the question at body size (at most 1.15 × the answer) on every page kind, set apart by weight and a speaker line', async () => {
    for (const viewport of ['desktop', 'phone'] as ViewportName[]) {
      const context = await newContext(reader.browser, viewport);
      const page = await context.newPage();
      for (const path of [sections[0]!.path, '/full', '/questions/q3']) {
        await page.goto(reader.origin + path);
        const sizes = await page.evaluate(() => {
          const question = getComputedStyle(document.querySelector('.question-text')!);
          const answer = getComputedStyle(document.querySelector('.turn-answer .para')!);
          return {
            question: parseFloat(question.fontSize),
            answer: parseFloat(answer.fontSize),
            weightQ: Number(question.fontWeight),
            weightA: Number(answer.fontWeight),
          };
        });
        expect(sizes.question / sizes.answer, `${viewport} ${path}`).toBeLessThanOrEqual(1.15);
        expect(sizes.weightQ).toBeGreaterThan(sizes.weightA);
        expect(await page.locator('.qa').first().locator('.turn-question .speaker').innerText()).toMatch(/izvestia/i);
      }
      await context.close();
    }
  });

  it('meets WCAG 2.5.8 target sizes (axe target-size) on every page kind at both sizes', async () => {
    for (const viewport of ['desktop', 'phone'] as ViewportName[]) {
      const context = await newContext(reader.browser, viewport);
      const page = await context.newPage();
      for (const { path } of KINDS) {
        await page.goto(reader.origin + path);
        const results = await runAxe(page, { runOnly: { type: 'rule', values: ['target-size'] } });
        expect(
          results.violations.flatMap((v) => v.nodes.map((n) => `${viewport} ${path} ${n.target.join(' ')}`)),
        ).toEqual([]);
      }
      await context.close();
    }
  });
});

describe('the contents', () => {
  it('number questions 1. to 9. as printed contents do, and mark only a page\'s own entry aria-current="page"', async () => {
    const context = await newContext(reader.browser, 'desktop');
    const page = await context.newPage();
    await page.goto(`${reader.origin}/`);
    expect(await page.locator('.toc-qnum').allInnerTexts()).toEqual(allQuestions.map((_, index) => `${index + 1}.`));
    await page.goto(`${reader.origin}/full`);
    const onPage = await page.locator('.qa .permalink').allInnerTexts();
    expect(onPage).toEqual(allQuestions.map((_, index) => `Question ${index + 1}`));
    await page.goto(`${reader.origin}/questions/q4`);
    expect(
      await page.locator('.toc [aria-current="page"]').evaluateAll((links) => links.map((a) => a.getAttribute('href'))),
    ).toEqual(['/questions/q4']);
    await page.goto(reader.origin + sections[2]!.path);
    expect(
      await page.locator('.toc [aria-current="page"]').evaluateAll((links) => links.map((a) => a.getAttribute('href'))),
    ).toEqual([sections[2]!.path]);
    await context.close();
  });

  it('cut excerpts at a word boundary, never on a dangling short word', async () => {
    const context = await newContext(reader.browser, 'desktop');
    const page = await context.newPage();
    await page.goto(`${reader.origin}/`);
    const excerpts = await page.locator('.toc-questions .toc-text').allInnerTexts();
    await context.close();
    expect(excerpts).toHaveLength(allQuestions.length);
    for (const [index, excerpt] of excerpts.entries()) expectWordBoundaryExcerpt(excerpt, allQuestions[index]!.text);
  });

  // The cut a reader sees is the word-boundary excerpt itself: no entry is clipped (no line clamp, no overflow) and
  // none takes more than three lines in the side contents at 1280 (a question page's own entry is bold), two in the
  // phone's disclosure, opened.
  const MAX_LINES: Record<ViewportName, number> = { desktop: 3, phone: 2 };
  for (const viewport of ['desktop', 'phone'] as ViewportName[]) {
    it(`show every contents entry whole, in at most ${MAX_LINES[viewport]} lines, ending at a word boundary, on a ${viewport}`, async () => {
      const context = await newContext(reader.browser, viewport);
      const page = await context.newPage();
      for (const path of [sections[0]!.path, `/questions/${allQuestions[4]!.id}`, '/full']) {
        await page.goto(reader.origin + path);
        await page.evaluate(() => document.fonts.ready);
        if (viewport === 'phone') {
          await page.locator('.toc-summary').click();
          await expect
            .poll(() => page.locator('details.toc-details').evaluate((element) => (element as HTMLDetailsElement).open))
            .toBe(true);
        }
        const entries = await page.locator('.toc-side .toc-questions .toc-text').evaluateAll((spans) =>
          spans.map((span) => {
            const style = getComputedStyle(span);
            const range = document.createRange();
            range.selectNodeContents(span);
            const lines = new Set(Array.from(range.getClientRects(), (rect) => Math.round(rect.bottom))).size;
            return {
              text: (span as HTMLElement).innerText,
              lines,
              clipped:
                span.scrollHeight > span.clientHeight + 1 ||
                style.overflow !== 'visible' ||
                style.webkitLineClamp !== 'none',
              bold: Number(style.fontWeight) >= 600,
              visible: span.getBoundingClientRect().width > 0,
            };
          }),
        );
        expect(entries, path).toHaveLength(allQuestions.length);
        for (const [index, entry] of entries.entries()) {
          expect(entry.visible, `${path} #${index + 1}`).toBe(true);
          expect(entry.clipped, `${path} #${index + 1}`).toBe(false);
          expect(entry.lines, `${path} #${index + 1}: ${entry.text}`).toBeLessThanOrEqual(MAX_LINES[viewport]);
          expectWordBoundaryExcerpt(entry.text, allQuestions[index]!.text);
        }
        if (path.startsWith('/questions/')) expect(entries.filter((entry) => entry.bold)).toHaveLength(1);
      }
      await context.close();
    });
  }

  it('track the question being read in the side contents (IntersectionObserver)', async () => {
    const context = await newContext(reader.browser, 'desktop');
    const page = await context.newPage();
    await page.goto(reader.origin + sections[0]!.path);
    const second = sections[0]!.questions[1]!.id;
    await page.locator(`#${second} .turn-answer`).scrollIntoViewIfNeeded();
    await page.evaluate((id) => document.getElementById(id)!.scrollIntoView({ block: 'start' }), second);
    await expect.poll(() => page.locator('.toc-side a.is-current').getAttribute('href')).toBe(`#${second}`);
    await context.close();
  });
});

describe('fonts', () => {
  it('are self-hosted woff2, within 100 KB, the body face preloaded', async () => {
    const context = await newContext(reader.browser, 'desktop');
    const page = await context.newPage();
    const fonts: { url: string; bytes: number }[] = [];
    page.on('response', async (response) => {
      if (response.url().endsWith('.woff2')) fonts.push({ url: response.url(), bytes: (await response.body()).length });
    });
    await page.goto(reader.origin + sections[0]!.path, { waitUntil: 'networkidle' });
    await page.evaluate(() => document.fonts.ready);
    const preload = await page.locator('link[rel="preload"][as="font"]').getAttribute('href');
    const families = await page.evaluate(() =>
      Array.from(document.fonts)
        .filter((font) => font.status === 'loaded')
        .map((font) => `${font.family} ${font.weight}`),
    );
    await context.close();
    console.log(`fonts ${fonts.map((font) => `${font.url.replace(/^.*\/assets\//, '')} ${font.bytes} B`).join(', ')}`);
    expect(fonts.every((font) => font.url.startsWith(reader.origin))).toBe(true);
    expect(fonts.reduce((sum, font) => sum + font.bytes, 0)).toBeLessThanOrEqual(100 * 1024);
    expect(preload).toMatch(/source-serif-4-latin-400-normal\.[\w-]+\.woff2$/);
    expect(families.map((family) => family.replace(/"/g, ''))).toEqual(
      expect.arrayContaining(['Source Serif 4 400', 'Source Sans 3 400']),
    );
  });

  // Every page kind, both sizes, each as a first visit: the web fonts are held back until the fallback has painted (two
  // frames after the DOM is in), then let through together; CLS is read once every face has loaded and two more frames have run. Every shift counts:
  // the test gives no input, and Chromium marks these shifts hadRecentInput in a touch-emulating context, which hid
  // the phone's shifts from a filtered sum.
  const CLS_PAGES = [
    { name: 'home', path: '/' },
    ...sections.map((section, index) => ({ name: `section ${index + 1}`, path: section.path })),
    { name: 'question', path: `/questions/${allQuestions[4]!.id}` },
    { name: 'full', path: '/full' },
    { name: 'search', path: '/search?q=korea' },
    { name: 'not found', path: '/no-such-page' },
  ];
  for (const viewport of ['phone', 'desktop'] as ViewportName[]) {
    it(`do not shift the text when they arrive (CLS < 0.01) on every page kind on a ${viewport}`, async () => {
      const figures: string[] = [];
      for (const { name, path } of CLS_PAGES) {
        // A new context for each page, as a first visit: nothing in the memory cache lets one face in ahead of the others.
        const context = await newContext(reader.browser, viewport);
        const page = await context.newPage();
        const { cls, shifts } = await measureFontShift(page, reader.origin + path);
        const sources = shifts.flatMap((shift) => shift.sources.map((source) => `${shift.value.toFixed(4)} ${source}`));
        await context.close();
        figures.push(`${name} ${cls.toFixed(4)}`);
        expect(cls, `${viewport} ${name}: ${sources.join(', ')}`).toBeLessThan(0.01);
      }
      console.log(`${viewport} CLS: ${figures.join(', ')}`);
    });
  }
});

describe('print', () => {
  // 5 pages for the interview, 2 for its editorial notes: 18 notes, each printed once at 8.5 pt, run in with their
  // label, take 1.3 pages (1.7 set as separate paragraphs); without them /full printed on 5.
  it('prints /full on at most 7 A4 pages with @page margins, about 65 characters a line, questions at body size, the address once', async () => {
    const context = await newContext(reader.browser, 'desktop');
    const page = await context.newPage();
    await page.goto(`${reader.origin}/full`);
    await page.evaluate(() => document.fonts.ready);
    const pdf = await page.pdf({ format: 'A4' });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    const margins = await page.evaluate(() =>
      Array.from(document.styleSheets)
        .flatMap((sheet) => Array.from(sheet.cssRules))
        .filter((rule): rule is CSSPageRule => rule instanceof CSSPageRule)
        .map((rule) => [rule.style.marginTop, rule.style.marginRight, rule.style.marginBottom, rule.style.marginLeft]),
    );
    await page.emulateMedia({ media: 'print' });
    const perLine = await charactersPerLine(page, '.turn-answer .para');
    const printed = await page.evaluate(() => {
      const shown = (selector: string) =>
        Array.from(document.querySelectorAll(selector)).filter((element) => element.getClientRects().length > 0).length;
      const question = parseFloat(getComputedStyle(document.querySelector('.question-text')!).fontSize);
      const answer = parseFloat(getComputedStyle(document.querySelector('.turn-answer .para')!).fontSize);
      return {
        address: shown('.print-address'),
        source: shown('.source'),
        standfirst: shown('.standfirst'),
        ratio: question / answer,
        addressText: document.querySelector('.print-address')!.textContent,
      };
    });
    await context.close();
    console.log(
      `/full on A4: ${pages} pages, margins ${margins[0]?.join(' ')}, characters a line ${perLine.join(', ')}`,
    );
    expect(pages).toBeGreaterThan(1);
    expect(pages).toBeLessThanOrEqual(7);
    expect(margins.length).toBeGreaterThan(0);
    for (const margin of margins[0]!) expect(parseFloat(margin)).toBeGreaterThanOrEqual(10);
    for (const chars of perLine) expect(chars).toBeGreaterThanOrEqual(55);
    for (const chars of perLine) expect(chars).toBeLessThanOrEqual(75);
    // Who speaks and that it is a machine translation, once, under the headline.
    expect(printed).toMatchObject({ address: 1, source: 0, standfirst: 1 });
    expect(printed.ratio).toBeLessThanOrEqual(1.15);
    expect(printed.addressText).toContain(`${reader.publicOrigin}/full`);
  });
});

describe('screenshots', () => {
  const baselineDir = join(root, 'test', 'browser', 'baseline');
  /** The key shots kept as the visual baseline: the phone home, a section light and dark, a cold open on a phone. */
  const BASELINE = new Set([
    'home-phone-light',
    'section-desktop-light',
    'section-desktop-dark',
    'section-at-q6-phone-light',
    'question-phone-dark',
  ]);
  const update = process.env.UPDATE_BASELINE === '1';
  let diffs: string[] = [];

  beforeAll(() => {
    mkdirSync(baselineDir, { recursive: true });
    diffs = [];
  });
  afterAll(() => {
    if (diffs.length) console.log(`Visual differences:\n  ${diffs.join('\n  ')}`);
  });

  for (const viewport of ['phone', 'desktop'] as ViewportName[]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`writes every page kind at ${viewport} size in the ${colorScheme} scheme, and matches the baseline for the key ones`, async () => {
        const dir = screenshotDir();
        // deviceScaleFactor 1 keeps the baseline PNGs small; the layout is the phone's all the same.
        const context = await newContext(reader.browser, viewport, { colorScheme, deviceScaleFactor: 1 });
        const page = await context.newPage();
        for (const { name, path } of KINDS) {
          await page.goto('about:blank');
          await page.goto(reader.origin + path, { waitUntil: 'networkidle' });
          await page.evaluate(() => document.fonts.ready);
          const file = `${name}-${viewport}-${colorScheme}`;
          const png = await page.screenshot({ path: join(dir, `${file}.png`), animations: 'disabled', caret: 'hide' });
          if (!BASELINE.has(file)) continue;
          const baselineFile = join(baselineDir, `${file}.png`);
          if (update || !existsSync(baselineFile)) {
            writeFileSync(baselineFile, png);
            continue;
          }
          const expected = PNG.sync.read(readFileSync(baselineFile));
          const actual = PNG.sync.read(png);
          expect([actual.width, actual.height], file).toEqual([expected.width, expected.height]);
          const diff = new PNG({ width: expected.width, height: expected.height });
          const changed = pixelmatch(expected.data, actual.data, diff.data, expected.width, expected.height, {
            threshold: 0.1,
          });
          const ratio = changed / (expected.width * expected.height);
          if (changed > 0) {
            writeFileSync(join(dir, `${file}.diff.png`), PNG.sync.write(diff));
            diffs.push(`${file}: ${(ratio * 100).toFixed(2)} % of pixels`);
          }
          // Tolerance: anti-aliasing and a font hinting change stay under 1 % of the pixels; a layout change does not.
          expect(ratio, `${file} differs from test/browser/baseline (UPDATE_BASELINE=1 rewrites it)`).toBeLessThan(
            0.01,
          );
        }
        await context.close();
      });
    }
  }

  it('dark mode is its own palette: dark page, light text, the highlight and accent kept readable', async () => {
    const context = await newContext(reader.browser, 'desktop', { colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto(`${reader.origin}${allQuestions[5]!.section.path}#${allQuestions[5]!.id}`);
    const colours = await page.evaluate(() => {
      // The tint as it lands, before it fades: its animation held at its start.
      const tinted = document.querySelector(':target > .turn-question')!;
      for (const animation of tinted.getAnimations()) {
        animation.pause();
        animation.currentTime = 0;
      }
      return {
        page: getComputedStyle(document.body).backgroundColor,
        text: getComputedStyle(document.body).color,
        highlight: getComputedStyle(tinted).backgroundColor,
      };
    });
    await context.close();
    const luminance = (rgb: string) => {
      const [r, g, b] = (rgb.match(/\d+/g) ?? [])
        .slice(0, 3)
        .map(Number)
        .map((c) => c / 255)
        .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const contrast = (a: string, b: string) =>
      (Math.max(luminance(a), luminance(b)) + 0.05) / (Math.min(luminance(a), luminance(b)) + 0.05);
    expect(luminance(colours.page)).toBeLessThan(0.05);
    expect(contrast(colours.text, colours.page)).toBeGreaterThan(12);
    expect(contrast(colours.text, colours.highlight)).toBeGreaterThan(7);
  });
});
