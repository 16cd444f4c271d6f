// Layout shift when the web fonts arrive: every page kind at 390×844 and 1280×900, the fonts held back until the
// fallback has painted, then released. Prints CLS per page and size and each shift's sources. `npx tsx scripts/cls.ts`
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/browser/support/chromium.js';
import { startReader } from '../test/browser/support/server.js';
import { sections } from '../test/browser/support/browser.js';
import { measureFontShift } from '../test/browser/support/font-shift.js';

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

const server = await startReader();
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  for (const [size, viewport] of Object.entries(SIZES)) {
    for (const kind of KINDS) {
      if (only && !kind.name.startsWith(only)) continue;
      const phone = size === 'phone' ? { isMobile: true, hasTouch: true, deviceScaleFactor: 3 } : {};
      const context = await browser.newContext({ viewport, ...phone });
      const page = await context.newPage();
      const { cls, shifts } = await measureFontShift(page, server.origin + kind.path);
      console.log(`${size.padEnd(7)} ${kind.name.padEnd(10)} CLS ${cls.toFixed(4)}`);
      for (const shift of shifts) console.log(`    ${shift.value.toFixed(4)} ${shift.sources.join('; ')}`);
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
