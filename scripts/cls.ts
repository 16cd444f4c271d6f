// Layout shift when the web fonts arrive: every page kind at 390×844 and 1280×900, the fonts held back until the
// fallback has painted, then released. Prints CLS per page and size and each shift's sources. `npx tsx scripts/cls.ts`
import { chromium, type Route } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/browser/support/chromium.js';
import { startServer } from '../test/browser/support/server.js';
import { sections } from '../test/browser/support/browser.js';

const KINDS = [
  { name: 'home', path: '/' },
  ...sections.map((s, i) => ({ name: `section-${i + 1}`, path: s.path })),
  { name: 'question', path: '/questions/q5' },
  { name: 'full', path: '/full' },
  { name: 'search', path: '/search?q=korea' },
  { name: 'not-found', path: '/no-such-page' },
];
const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } } as const;
const only = process.argv[2];

const server = await startServer();
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  for (const [size, viewport] of Object.entries(SIZES)) {
    for (const kind of KINDS) {
      if (only && !kind.name.startsWith(only)) continue;
      const phone = size === 'phone' ? { isMobile: true, hasTouch: true, deviceScaleFactor: 3 } : {};
      const context = await browser.newContext({ viewport, ...phone });
      const page = await context.newPage();
      const held: Route[] = [];
      let release = false;
      await page.route('**/*.woff2', (route) => (release ? route.continue() : void held.push(route)));
      await page.addInitScript(() => {
        const w = window as unknown as { cls: number; shifts: unknown[] };
        w.cls = 0;
        w.shifts = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean; sources: { node?: Node; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[] }[]) {
            w.cls += entry.value;
            w.shifts.push({
              value: entry.value,
              sources: Array.from(entry.sources, (s) => {
                const el = s.node instanceof Element ? s.node : s.node?.parentElement;
                const name = el ? `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} "${(el.textContent ?? '').trim().slice(0, 50)}"` : String(s.node);
                // (no named helper here: tsx would wrap it in __name(), which the page does not have)
                return `${name} [${[s.previousRect.x, s.previousRect.y, s.previousRect.width, s.previousRect.height].map(Math.round).join(',')}] → [${[s.currentRect.x, s.currentRect.y, s.currentRect.width, s.currentRect.height].map(Math.round).join(',')}]`;
              }),
            });
          }
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto(server.origin + kind.path, { waitUntil: 'domcontentloaded' });
      // The fallback has painted: two frames after the DOM is in.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      release = true;
      for (const route of held.splice(0)) await route.continue();
      await page.waitForLoadState('load');
      await page.evaluate(() => document.fonts.ready);
      await page.waitForFunction(() => Array.from(document.fonts).every((f) => f.status !== 'loading'));
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const { cls, shifts } = await page.evaluate(() => {
        const w = window as unknown as { cls: number; shifts: { value: number; sources: string[] }[] };
        return { cls: w.cls, shifts: w.shifts };
      });
      console.log(`${size.padEnd(7)} ${kind.name.padEnd(10)} CLS ${cls.toFixed(4)}`);
      for (const shift of shifts) console.log(`    ${shift.value.toFixed(4)} ${shift.sources.join('; ')}`);
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
