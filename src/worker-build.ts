// A reload's build off the server's thread: the Site is built in a worker thread (src/build-worker.ts) and comes back as
// the build snapshot's bytes, so requests go on being answered while it is built.
import { Worker } from 'node:worker_threads';
import type { SiteSearch } from './build.js';
import { ContentError } from './errors.js';
import type { SiteSource } from './load-site.js';
import type { Interview } from './model.js';
import type { Site } from './site.js';
import { decodeSnapshot } from './snapshot.js';

/** The fingerprint a reload's snapshot bytes carry: they go from one thread to the other, never to disk. */
export const RELOAD_FINGERPRINT = 'reload';

/** What the worker posts back: the built Site as snapshot bytes with the interview it was built from, or the fault. */
export type BuildReply =
  | { readonly ok: true; readonly snapshot: Uint8Array; readonly interview: Interview }
  | {
      readonly ok: false;
      readonly error: {
        readonly message: string;
        readonly stack?: string;
        /** Present for a ContentError: enough to make it again on this side, file and line included. */
        readonly content?: { readonly file: string; readonly line: number; readonly reason: string };
      };
    };

/** Starts the worker: its module compiled beside this one in dist/, or its TypeScript source when run under tsx. */
function startWorker(workerData: SiteSource): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./build-worker.js', import.meta.url), { workerData });
  // Under tsx (the tests run the server from src/): Node 20 does not carry tsx's loader into a worker thread, so the
  // worker registers it before it imports its module.
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./build-worker.ts', import.meta.url).href;
  const script = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(script, { eval: true, workerData });
}

/** How long a build may take before its worker is stopped: the 10 MB interview builds in about 12 s. */
export const BUILD_TIMEOUT_MS = 120_000;

/**
 * Builds the Site from `source` in a worker thread, which loads the build pipeline, renders and compresses every page
 * and exits. The server's thread only decodes the bytes (a few milliseconds for the real interview) and makes the
 * search renderer from the parsed interview with `search` (no parsing again).
 * @param timeoutMs after this long the worker is stopped and the build fails, so that a build that never ends cannot
 *   hold up every later reload (they queue behind it).
 * @returns a promise of the Site; it rejects with a ContentError (file and line) on a content fault, as loadSite
 *   throws, and with an Error when the worker fails otherwise (a missing template, a crash, the time limit).
 */
export function buildInWorker(
  source: SiteSource,
  search: (interview: Interview) => SiteSearch,
  timeoutMs: number = BUILD_TIMEOUT_MS,
): Promise<Site> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => Site) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      try {
        resolve(outcome());
      } catch (error) {
        reject(error);
      }
    };
    // Only plain data goes in: the source's paths and settings.
    const { root, contentFile, anchorsFile, baseUrl, hsts } = source;
    const worker = startWorker({ root, contentFile, ...(anchorsFile ? { anchorsFile } : {}), baseUrl, hsts });
    worker.once('message', (reply: BuildReply) => settle(() => siteFrom(reply, search)));
    worker.once('error', (error) => settle(() => { throw error; }));
    worker.once('exit', (code) => settle(() => { throw new Error(`the build worker exited (code ${code}) without an answer`); }));
    const timer = setTimeout(() => {
      settle(() => { throw new Error(`the build took longer than ${timeoutMs / 1000} s; its worker was stopped`); });
      void worker.terminate();
    }, timeoutMs);
  });
}

/** The Site in a worker's reply, or the worker's fault thrown again on this side. */
function siteFrom(reply: BuildReply, search: (interview: Interview) => SiteSearch): Site {
  if (!reply.ok) {
    const { content, message, stack } = reply.error;
    if (content) throw new ContentError(content.file, content.line, content.reason);
    const error = new Error(message);
    if (stack) error.stack = stack;
    throw error;
  }
  const { snapshot } = reply;
  const decoded = decodeSnapshot(Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength), RELOAD_FINGERPRINT);
  if (decoded.kind !== 'loaded') throw new Error(`the site built in the worker could not be decoded (${decoded.kind === 'corrupt' ? decoded.reason : decoded.kind})`);
  return { ...decoded.site, ...search(reply.interview) };
}
