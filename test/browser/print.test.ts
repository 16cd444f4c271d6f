// Printing: /full with no navigation chrome, no forced break before a section, each question's share link printed beside it, absolute where it can be; each editorial note printed once, numbered as its mark.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotate } from '../../src/content/notes.js';
import { plainText } from '../../src/render/markdown.js';
import { foldPunctuation } from '../../src/render/typography.js';
import { realNotes } from '../support/site.js';
import { allQuestions, interview, newContext, sections, useReaderAndBrowser } from './support/browser.js';
import { readPdf, type PrintedPage } from './support/pdf.js';

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

/** The notes the content attaches, numbered in text order: the expected values. */
const notes = annotate(interview, realNotes(), 'content/notes.yaml');

/** What the editorial notes look like printed, read from the page under print media. */
function printedNotes(page: Page) {
  return page.evaluate(() => {
    const rendered = (element: Element) =>
      element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden';
    const after = (first: Element, second: Element) =>
      (first.compareDocumentPosition(second) & Node.DOCUMENT_POSITION_PRECEDING) !== 0;
    return {
      marks: Array.from(document.querySelectorAll('a.noteref')).map((mark) => ({
        id: mark.id,
        note: mark.getAttribute('href')!.slice(1),
        /** The number the stylesheet draws beside the words: `content` resolves `attr(data-n)`. */
        drawn: /^"([^"]*)"/.exec(getComputedStyle(mark, '::after').content)?.[1] ?? null,
        text: mark.textContent,
      })),
      printed: Array.from(document.querySelectorAll('.note'))
        .filter(rendered)
        .map((note) => {
          const qa = note.closest('.qa');
          const section = note.closest('.full-section, article.section');
          const questions = section ? Array.from(section.querySelectorAll('.qa')) : [];
          return {
            id: note.id,
            number: Array.from(note.querySelectorAll('.note-number'))
              .filter(rendered)
              .map((number) => number.textContent),
            // A question's notes come after its answer; a title's after the section's last question.
            where: qa
              ? qa.querySelector('.turn-answer') && after(note, qa.querySelector('.turn-answer')!)
                ? qa.id
                : `${qa.id}, before its answer`
              : note.closest('.full-header, .intro')
                ? 'introduction'
                : section && questions.every((question) => after(note, question))
                  ? 'end of section'
                  : 'elsewhere',
            unsplit: getComputedStyle(note).breakInside,
          };
        }),
      blocks: Array.from(document.querySelectorAll('.notes')).map(rendered),
      backLinks: Array.from(document.querySelectorAll('.note-back')).filter(rendered).length,
      popovers: Array.from(document.querySelectorAll('.note-pop, [popover]')).filter(rendered).length,
    };
  });
}

/**
 * Where a note should print: after its question's answer; for a section title, with the section's first question
 * (so the numbers print in order); with the lede for the introduction.
 */
const placeOf = (note: (typeof notes)[number]) =>
  note.place.question ??
  (note.place.section === null ? 'introduction' : interview.sections[note.place.section - 1]!.questions[0]!.id);

for (const javaScriptEnabled of [true, false]) {
  describe(`printing the editorial notes on /full with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    let page: Page;

    beforeAll(async () => {
      const context = await newContext(reader.browser, 'desktop', { javaScriptEnabled });
      page = await context.newPage();
      await page.goto(`${reader.origin}/full`);
      if (javaScriptEnabled) {
        // A note left open when the reader prints: the popover must not print a second copy.
        await page.locator(`#noteref-${notes[2]!.id}`).click();
        await page.waitForFunction(() => document.querySelector(':popover-open') !== null);
      }
      await page.emulateMedia({ media: 'print' });
    });
    afterAll(() => page?.context().close());

    it("prints every mark's number beside its words, and each note once, in a visible notes block, with that number", async () => {
      const view = await printedNotes(page);
      expect(notes.length).toBeGreaterThan(0);
      expect(view.marks.map((mark) => [mark.id, mark.drawn])).toEqual(
        notes.map((note) => [`noteref-${note.id}`, String(note.number)]),
      );
      // Every mark's number once among the printed notes' numbers, on the note the mark links to.
      expect(view.printed.map((note) => note.number.join(' ')).sort()).toEqual(
        notes.map((note) => String(note.number)).sort(),
      );
      for (const mark of view.marks) {
        expect(view.printed.filter((note) => note.id === mark.note).map((note) => note.number)).toEqual([[mark.drawn]]);
      }
      expect(view.blocks.length).toBeGreaterThan(0);
      expect(view.blocks.every(Boolean)).toBe(true);
    });

    it('prints each note after its question’s answer (a title’s with the first question), in number order, never split across pages', async () => {
      const view = await printedNotes(page);
      const numbers = view.printed.map((note) => Number(note.number.join('')));
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
      expect(view.printed.map((note) => [note.id, note.where])).toEqual(
        expect.arrayContaining(notes.map((note) => [`note-${note.id}`, placeOf(note)])),
      );
      expect(view.printed.length).toBe(notes.length);
      expect(view.printed.map((note) => note.unsplit)).toEqual(notes.map(() => 'avoid-page'));
    });

    it('prints no popover and no link back to the text', async () => {
      const view = await printedNotes(page);
      expect(view.popovers).toBe(0);
      expect(view.backLinks).toBe(0);
    });
  });
}

describe('printing a section page with a title note', () => {
  it('prints the title note with the section’s first question, numbered as its mark, without the way back', async () => {
    const section = notes.find((note) => note.place.section !== null && note.place.question === null)!;
    const context = await newContext(reader.browser, 'phone');
    const page = await context.newPage();
    await page.goto(`${reader.origin}${sections[section.place.section! - 1]!.path}`);
    await page.emulateMedia({ media: 'print' });
    const view = await printedNotes(page);
    await context.close();
    const expected = notes.filter((note) => note.place.section === section.place.section);
    expect(view.marks.map((mark) => mark.drawn)).toEqual(expected.map((note) => String(note.number)));
    expect(view.printed.map((note) => [note.id, note.number.join(' '), note.where])).toEqual(
      expect.arrayContaining(expected.map((note) => [`note-${note.id}`, String(note.number), placeOf(note)])),
    );
    expect(view.printed.length).toBe(expected.length);
    expect(view.backLinks).toBe(0);
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

describe('printed pages, read back from the PDF Chromium prints', () => {
  /** The headline as the pages print it, his quotation, with the source's straight punctuation. */
  const headline = `"${plainText(interview.headline.text)}"`;
  const printed = async (path: string) => {
    const context = await newContext(reader.browser, 'desktop');
    const page = await context.newPage();
    await page.goto(`${reader.origin}${path}`);
    await page.evaluate(() => document.fonts.ready);
    const pages = await readPdf(await page.pdf({ format: 'A4' }));
    await context.close();
    return pages;
  };
  /** The text at the top and the bottom of a page: what is printed in its margins. */
  const margins = (page: PrintedPage) => ({
    head: page.texts.filter((text) => text.y < 15).map((text) => foldPunctuation(text.text)),
    foot: page.texts.filter((text) => text.y > page.height - 16),
  });

  it('number every page "n / total" under the column, and carry the headline as a running head from page 2 on', async () => {
    const pages = await printed('/full');
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((page, index) => {
      const { head, foot } = margins(page);
      expect(head).toEqual(index === 0 ? [] : [headline]);
      expect(foot.map((text) => text.text)).toEqual([`${index + 1} / ${pages.length}`]);
      // Centred under the page, as the column is.
      expect(Math.abs(foot[0]!.x + foot[0]!.width / 2 - page.width / 2)).toBeLessThan(1);
    });
  });

  it('align the printed address, the headline, the text, the running head and the footer on one left edge', async () => {
    const pages = await printed('/full');
    const first = pages[0]!;
    const last = pages.at(-1)!;
    const startOf = (page: PrintedPage, pattern: RegExp) => page.texts.find((text) => pattern.test(text.text))?.x;
    const edges = {
      address: startOf(first, /^Printed from /),
      headline: startOf(first, /^\u201cThe only/),
      text: Math.min(...first.texts.map((text) => text.x)),
      runningHead: margins(pages[1]!).head.length ? pages[1]!.texts[0]!.x : undefined,
      credit: startOf(last, /^Переведено/),
    };
    for (const [name, x] of Object.entries(edges)) expect(Math.abs(x! - edges.text), name).toBeLessThan(0.6);
  });

  it('print no screen-only details: no reading time, no counts, no EPUB link, no controls', async () => {
    for (const path of ['/full', '/']) {
      const words = (await printed(path)).flatMap((page) => page.texts.map((text) => text.text)).join(' ');
      expect(words, path).not.toMatch(/min read|EPUB|e-readers|Share|Copy|Contents|Search/);
    }
  });

  it('give a printed question page the headline, who speaks, and that it is a machine translation, on its first page', async () => {
    const [first] = await printed('/questions/q6');
    const words = foldPunctuation(first!.texts.map((text) => text.text).join(' ')).replace(/\s+/g, ' ');
    expect(words).toContain(plainText(interview.headline.text).split(' ').slice(0, 4).join(' '));
    expect(words).toMatch(/Georgy Zinoviev.*Machine translation from Russian/);
  });
});
