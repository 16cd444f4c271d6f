// Debian's Chromium driven by playwright-core, the pages the reader serves, and what the content says they hold.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { plainText } from '../../../src/render/markdown.js';
import { sectionPath } from '../../../src/render/paths.js';
import { parseInterview } from '../../../src/content/parse.js';
import { realContent, root } from '../../support/site.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';
import { startReader, type RunningServer } from './server.js';

export { CHROMIUM_ARGS, CHROMIUM_PATH };

/**
 * Launches Chromium. playwright-core's `launch` gives every launch a new, empty temporary profile
 * (user-data dir) and deletes it on close, so no state carries over between runs.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** axe's rules the suite runs: WCAG 2.0–2.2 A and AA and best practices; target-size (2.5.8), off by default in axe, is enabled beside them. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** The two sizes every page is checked at. */
export const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
} as const;

export type ViewportName = keyof typeof VIEWPORTS;

/** A context at a named size; phone contexts are touch devices with a phone's pixel ratio. */
export function newContext(
  browser: Browser,
  viewport: ViewportName,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const phone = viewport === 'phone' ? { isMobile: true, hasTouch: true, deviceScaleFactor: 3 } : {};
  return browser.newContext({ viewport: VIEWPORTS[viewport], ...phone, ...options });
}

/** What the content file says the site holds, from the parser: the expected values, never hard-coded. */
export const interview = parseInterview(realContent(), 'content/interview.md');

export const sections = interview.sections.map((section) => ({
  slug: section.slug,
  path: sectionPath(section.slug),
  title: plainText(section.title.text),
  questions: section.questions.map((question) => ({ id: question.id, text: plainText(question.text.text) })),
}));

export const allQuestions = sections.flatMap((section) =>
  section.questions.map((question) => ({ ...question, section })),
);

/** Every kind of page: the contents, each section, the whole interview, a question's own page, search results, an empty search, and the 404 page. */
export const PAGES: readonly { readonly name: string; readonly path: string; readonly status: number }[] = [
  { name: 'home', path: '/', status: 200 },
  ...sections.map((section) => ({ name: `section ${section.slug}`, path: section.path, status: 200 })),
  { name: 'full', path: '/full', status: 200 },
  { name: 'question page', path: '/questions/q1', status: 200 },
  { name: 'editorial notes', path: '/notes', status: 200 },
  { name: 'search results', path: '/search?q=Korean+culture', status: 200 },
  { name: 'empty search', path: '/search?q=', status: 200 },
  { name: 'not found', path: '/no-such-page', status: 404 },
];

/** Folder for screenshots; gitignored. */
export const SCREENSHOT_DIR = join(root, 'test-results', 'screenshots');

export function screenshotDir(): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return SCREENSHOT_DIR;
}

/** Loads `path` and waits until the page and its deferred script have run. */
export async function open(page: Page, origin: string, path: string): Promise<void> {
  await page.goto(origin + path, { waitUntil: 'load' });
}

/** A reader server and a Chromium for one test file: started before its tests, stopped after. */
export function useReaderAndBrowser(env: Record<string, string> = {}): {
  readonly origin: string;
  readonly publicOrigin: string;
  readonly browser: Browser;
} {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startReader(env), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get origin() {
      if (!server) throw new Error('the server is not started yet: use this inside a test or hook');
      return server.origin;
    },
    get publicOrigin() {
      if (!server) throw new Error('the server is not started yet: use this inside a test or hook');
      return server.publicOrigin;
    },
    get browser() {
      if (!browser) throw new Error('the browser is not started yet: use this inside a test or hook');
      return browser;
    },
  };
}
