// Every page loads cleanly in Chromium (no console errors, no failed requests), and screenshots for a person to look at.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  allQuestions,
  newContext,
  PAGES,
  screenshotDir,
  sections,
  useReaderAndBrowser,
  type ViewportName,
} from './support/browser.js';

const reader = useReaderAndBrowser();

/** Loads `path` and lists everything that went wrong: console errors, script errors, failed or refused requests. */
async function problemsLoading(page: Page, path: string, expectedStatus: number): Promise<string[]> {
  const problems: string[] = [];
  const url = reader.origin + path;
  page.on('console', (message) => {
    // Chromium logs a failed document load to the console; for the 404 page that status is the point.
    const documentStatus =
      expectedStatus !== 200 &&
      message.location().url === url &&
      message.text().includes(`status of ${expectedStatus}`);
    if (message.type() === 'error' && !documentStatus) problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  page.on('requestfailed', (request) =>
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`),
  );
  page.on('response', (response) => {
    const expected = response.url() === url ? expectedStatus : 200;
    if (response.status() !== expected) problems.push(`response ${response.status()} for ${response.url()}`);
  });
  const response = await page.goto(url, { waitUntil: 'networkidle' });
  expect(response?.status()).toBe(expectedStatus);
  return problems;
}

describe('every page loads cleanly', () => {
  for (const { name, path, status } of PAGES) {
    it(`has no console errors and no failed requests on ${name} (${path})`, async () => {
      const context = await newContext(reader.browser, 'desktop');
      const page = await context.newPage();
      try {
        expect(await problemsLoading(page, path, status)).toEqual([]);
        // reader.js ran: the shortcuts dialog exists on every page.
        expect(await page.locator('dialog.shortcuts-help').count()).toBe(1);
      } finally {
        await context.close();
      }
    });
  }
});

describe('screenshots', () => {
  const shots: {
    file: string;
    path: string;
    viewport: ViewportName;
    colorScheme: 'light' | 'dark';
    fullPage: boolean;
  }[] = [
    { file: 'home-desktop.png', path: '/', viewport: 'desktop', colorScheme: 'light', fullPage: true },
    {
      file: 'section-desktop.png',
      path: sections[1]!.path,
      viewport: 'desktop',
      colorScheme: 'light',
      fullPage: false,
    },
    {
      file: 'section-at-question-desktop-dark.png',
      path: `${allQuestions[4]!.section.path}#${allQuestions[4]!.id}`,
      viewport: 'desktop',
      colorScheme: 'dark',
      fullPage: false,
    },
    { file: 'full-desktop.png', path: '/full', viewport: 'desktop', colorScheme: 'light', fullPage: true },
    { file: 'home-phone.png', path: '/', viewport: 'phone', colorScheme: 'light', fullPage: false },
    { file: 'section-phone.png', path: sections[0]!.path, viewport: 'phone', colorScheme: 'light', fullPage: false },
    {
      file: 'section-phone-pager.png',
      path: `${sections[0]!.path}#main-end`,
      viewport: 'phone',
      colorScheme: 'light',
      fullPage: false,
    },
    {
      file: 'section-phone-dark.png',
      path: sections[0]!.path,
      viewport: 'phone',
      colorScheme: 'dark',
      fullPage: false,
    },
    {
      file: 'not-found-desktop.png',
      path: '/no-such-page',
      viewport: 'desktop',
      colorScheme: 'light',
      fullPage: false,
    },
  ];

  it('writes screenshots of home, a section, /full and the phone layout, light and dark, to test-results/screenshots', async () => {
    const dir = screenshotDir();
    for (const shot of shots) {
      const context = await newContext(reader.browser, shot.viewport, { colorScheme: shot.colorScheme });
      const page = await context.newPage();
      await page.goto(reader.origin + shot.path.replace('#main-end', ''));
      // '#main-end': the end of the article, where the pager and the contents are.
      if (shot.path.endsWith('#main-end')) await page.locator('.pager').scrollIntoViewIfNeeded();
      const png = await page.screenshot({ path: join(dir, shot.file), fullPage: shot.fullPage });
      await context.close();
      // A PNG of at least the viewport's size, not an empty file.
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(390);
    }
    console.log(`Screenshots: ${dir}\n  ${shots.map((shot) => shot.file).join('\n  ')}`);
  });

  it('writes a screenshot of /full as printed', async () => {
    const context = await newContext(reader.browser, 'desktop');
    const page = await context.newPage();
    await page.goto(`${reader.origin}/full`);
    await page.emulateMedia({ media: 'print' });
    const png = await page.screenshot({ path: join(screenshotDir(), 'full-print.png'), fullPage: false });
    await context.close();
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });
});
