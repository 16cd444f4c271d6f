// npm run lighthouse: Lighthouse 12.2.3 (node API) on a running reader, mobile and desktop presets, four scores a page.
//
//   npm run lighthouse                        # starts a server on a free port, audits, stops it
//   npm run lighthouse -- --url=http://localhost:3000   # audits a server that is already running
//   npm run lighthouse -- --pages=/,/full     # only these paths
//   npm run lighthouse -- --absolute          # the started server gets SITE_URL=<its own origin>: absolute canonical
//                                             # links, as main's default origin will give (SEO's canonical audit)
//
// Targets (issue 13): mobile >= 0.95 accessibility, best practices and SEO, >= 0.90 performance; desktop 1.00 in all
// four. SEO's canonical audit passes only with an absolute canonical link (SITE_URL, or main's default origin). A page
// sent with `X-Robots-Tag: noindex` (the search results) is scored for SEO without the is-crawlable audit it fails by design.
// Exit code 1 when a score misses its target.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { CHROMIUM_ARGS as CHROMIUM_FLAGS, CHROMIUM_PATH } from '../test/browser/support/chromium.js';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const TARGETS = {
  mobile: { performance: 0.9, accessibility: 0.95, 'best-practices': 0.95, seo: 0.95 },
  desktop: { performance: 1, accessibility: 1, 'best-practices': 1, seo: 1 },
} as const;
const DEFAULT_PAGES = ['/', '/sections/1', '/questions/q6', '/full', '/search?q=Korean+culture'];

const arg = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

/** A free loopback port, found by listening on port 0 once. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts the reader on a free loopback port (with SITE_URL set to that origin when `absolute`); resolves with its origin once it prints its URL. */
async function startReader(absolute: boolean): Promise<{ origin: string; stop: () => void }> {
  const port = await freePort();
  const siteUrl = absolute ? { SITE_URL: `http://127.0.0.1:${port}` } : {};
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/run/server.ts'], {
    env: { ...process.env, ...siteUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('exit', (code) => reject(new Error(`the server exited with code ${code}: ${output}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/https?:\/\/[^\s/]+:\d+\//.test(output))
        resolve({ origin: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') });
    });
  });
}

/** `/sections/1` is a redirect: audit where it leads, as a reader lands there. */
async function resolvePath(origin: string, path: string): Promise<string> {
  const response = await fetch(origin + path, { redirect: 'manual' });
  const location = response.headers.get('location');
  return location ? new URL(location, origin + path).pathname : path;
}

async function main(): Promise<void> {
  const given = arg('url');
  const server = given ? null : await startReader(process.argv.includes('--absolute'));
  const origin = given ?? server!.origin;
  const pages = await Promise.all((arg('pages')?.split(',') ?? DEFAULT_PAGES).map((path) => resolvePath(origin, path)));
  const noindex = new Set<string>();
  for (const path of pages)
    if ((await fetch(origin + path)).headers.get('x-robots-tag')?.includes('noindex')) noindex.add(path);
  const chrome = await launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROMIUM_FLAGS });
  const misses: string[] = [];
  try {
    console.log(`Lighthouse on ${origin}\n`);
    console.log(['preset ', 'page'.padEnd(72), ...CATEGORIES.map((c) => c.slice(0, 4).padStart(5))].join(' '));
    for (const preset of ['mobile', 'desktop'] as const) {
      for (const path of pages) {
        const result = await lighthouse(
          origin + path,
          { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] },
          preset === 'desktop' ? desktopConfig : undefined,
        );
        const { categories, audits, runtimeError } = result!.lhr;
        const scores = CATEGORIES.map((category) => categories[category]?.score ?? 0);
        // A page kept out of search engines on purpose (the search results: `noindex`, as Google asks of result pages)
        // fails SEO's is-crawlable audit by design; its SEO score is the weighted mean of the other SEO audits.
        const seo = categories.seo;
        if (seo && noindex.has(path) && audits['is-crawlable']?.score === 0) {
          const refs = seo.auditRefs.filter(
            (ref) => ref.weight > 0 && ref.id !== 'is-crawlable' && audits[ref.id]?.score !== null,
          );
          const weight = refs.reduce((sum, ref) => sum + ref.weight, 0);
          scores[CATEGORIES.indexOf('seo')] =
            refs.reduce((sum, ref) => sum + ref.weight * (audits[ref.id]!.score ?? 0), 0) / weight;
        }
        const metric = (id: string) => audits[id]?.displayValue ?? '-';
        console.log(
          [preset.padEnd(7), path.padEnd(72), ...scores.map((score) => score.toFixed(2).padStart(5))].join(' ') +
            `   FCP ${metric('first-contentful-paint')}, LCP ${metric('largest-contentful-paint')}, TBT ${metric('total-blocking-time')}, CLS ${metric('cumulative-layout-shift')}` +
            (noindex.has(path) ? '   (noindex by design: SEO without is-crawlable)' : '') +
            (runtimeError ? `   (${runtimeError.code}: ${runtimeError.message})` : ''),
        );
        CATEGORIES.forEach((category, index) => {
          if (scores[index]! < TARGETS[preset][category]) {
            const failing = Object.values(audits)
              .filter(
                (audit) =>
                  audit.score !== null &&
                  audit.score < 1 &&
                  categories[category]!.auditRefs.some((ref) => ref.id === audit.id && ref.weight > 0),
              )
              .map((audit) => audit.id);
            misses.push(
              `${preset} ${path} ${category} ${scores[index]!.toFixed(2)} < ${TARGETS[preset][category]} (${failing.join(', ')})`,
            );
          }
        });
      }
    }
  } finally {
    chrome.kill();
    server?.stop();
  }
  if (misses.length > 0) {
    console.log(`\nBelow target:\n  ${misses.join('\n  ')}`);
    process.exitCode = 1;
  } else console.log('\nEvery score meets its target.');
}

await main();
