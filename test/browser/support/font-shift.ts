// Layout shift when the web fonts arrive, as a first visit sees it: the fonts held back until the fallback has painted, then let through together.
import type { Page, Route } from 'playwright-core';

export interface FontShift {
  /** Every layout shift's value added up: none is left out (Chromium marks them hadRecentInput in a touch context). */
  readonly cls: number;
  /** Each shift: its value and its sources as `tag#id.class "text" [x,y,w,h] → [x,y,w,h]`. */
  readonly shifts: readonly { readonly value: number; readonly sources: readonly string[] }[];
}

/**
 * Opens `url` in `page` (a fresh context's, so no face is in the memory cache) with the woff2 requests held until two
 * frames after the DOM is in, releases them, and reads the shifts once every face has loaded and two more frames ran.
 */
export async function measureFontShift(page: Page, url: string): Promise<FontShift> {
  const held: Route[] = [];
  let released = false;
  await page.route('**/*.woff2', (route) => (released ? route.continue() : void held.push(route)));
  await page.addInitScript(() => {
    const state = window as unknown as { shifts: { value: number; sources: string[] }[] };
    state.shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as {
        value: number;
        sources: { node?: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[];
      }[]) {
        state.shifts.push({
          value: entry.value,
          sources: Array.from(entry.sources, (s) => {
            // Inline, no named helper: tsx would wrap it in __name(), which the page does not have.
            const el = s.node instanceof Element ? s.node : s.node?.parentElement;
            const name = el
              ? `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} "${(el.textContent ?? '').trim().slice(0, 50)}"`
              : (s.node?.nodeName ?? 'no node');
            return `${name} [${[s.previousRect.x, s.previousRect.y, s.previousRect.width, s.previousRect.height].map(Math.round).join(',')}] → [${[s.currentRect.x, s.currentRect.y, s.currentRect.width, s.currentRect.height].map(Math.round).join(',')}]`;
          }),
        });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  const twoFrames = () =>
    page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await twoFrames();
  released = true;
  await Promise.all(held.splice(0).map((route) => route.continue()));
  await page.waitForLoadState('load');
  await page.evaluate(() => document.fonts.ready);
  await page.waitForFunction(() => Array.from(document.fonts).every((font) => font.status !== 'loading'));
  await twoFrames();
  const shifts = await page.evaluate(
    () => (window as unknown as { shifts: { value: number; sources: string[] }[] }).shifts,
  );
  return { cls: shifts.reduce((sum, shift) => sum + shift.value, 0), shifts };
}
