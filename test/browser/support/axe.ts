// axe-core run in a page: its source evaluated in the page (CDP, so the site's CSP does not apply), then axe.run.
import axe from 'axe-core';
import type { Page } from 'playwright-core';

/**
 * Runs axe on the page as it is now. Our pages have no frames, so one `axe.run` on the document sees all of it
 * (what @axe-core/playwright adds is running axe in every frame; its 4.14 declares Node ≥ 22.12).
 */
export async function runAxe(page: Page, options: axe.RunOptions): Promise<axe.AxeResults> {
  await page.evaluate(axe.source);
  return page.evaluate(
    (runOptions) => (window as unknown as { axe: typeof axe }).axe.run(document, runOptions),
    options,
  );
}
