// A build off the server's thread: built in a worker thread (build-thread.ts), back as the snapshot's bytes; start-up without a snapshot and every reload use it.
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ContentError } from '../content/errors.js';
import { decodeSnapshot } from '../site/snapshot.js';
import { openSite, type Site } from '../site/site.js';
import type { SiteSource } from './load.js';
import { loadSearchTemplate } from './templates.js';

/** The fingerprint the snapshot bytes of a worker's reply carry: they go from one thread to the other, never to disk. */
export const THREAD_FINGERPRINT = 'thread';

/** What the worker posts back: the built Site as snapshot bytes, or the fault. */
export type BuildReply =
  | { readonly ok: true; readonly snapshot: Uint8Array }
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
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./build-thread.js', import.meta.url), { workerData });
  // Under tsx (the tests run the server from src/): Node 20 does not carry tsx's loader into a worker thread, so the
  // worker registers it before it imports its module.
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./build-thread.ts', import.meta.url).href;
  const script = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(script, { eval: true, workerData });
}

/** How long a build may take before its worker is stopped: the 10 MB interview builds in about 12 s. */
export const BUILD_TIMEOUT_MS = 120_000;

/**
 * Builds the Site from `source` in a worker thread, which loads the build pipeline, renders and compresses every page
 * and exits. This thread only decodes the bytes and opens the Site (its search index loaded in batches).
 * @param timeoutMs after this long the worker is stopped and the build fails, so that a build that never ends cannot
 *   hold up every later reload (they queue behind it).
 * @returns a promise of the Site; it rejects with a ContentError (file and line) on a content fault, as buildFromDisk
 *   throws, and with an Error when the worker fails otherwise (a missing template, a crash, the time limit).
 */
export async function buildInWorker(source: SiteSource, timeoutMs: number = BUILD_TIMEOUT_MS): Promise<Site> {
  const reply = await new Promise<BuildReply>((resolvePromise, reject) => {
    // Only plain data goes in: the source's paths and settings.
    const { root, contentFile, anchorsFile, notesFile, baseUrl, hsts } = source;
    const worker = startWorker({
      root,
      contentFile,
      ...(anchorsFile ? { anchorsFile } : {}),
      ...(notesFile ? { notesFile } : {}),
      baseUrl,
      hsts,
    });
    const timer = setTimeout(() => {
      reject(new Error(`the build took longer than ${timeoutMs / 1000} s; its worker was stopped`));
      void worker.terminate();
    }, timeoutMs);
    const settle = () => clearTimeout(timer);
    worker.once('message', (message: BuildReply) => (settle(), resolvePromise(message)));
    worker.once('error', (error) => (settle(), reject(error)));
    worker.once(
      'exit',
      (code) => (settle(), reject(new Error(`the build worker exited (code ${code}) without an answer`))),
    );
  });
  if (!reply.ok) {
    const { content, message, stack } = reply.error;
    if (content) throw new ContentError(content.file, content.line, content.reason);
    const error = new Error(message);
    if (stack) error.stack = stack;
    throw error;
  }
  const { snapshot } = reply;
  const decoded = decodeSnapshot(
    Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength),
    THREAD_FINGERPRINT,
  );
  if (decoded.kind !== 'loaded')
    throw new Error(
      `the site built in the worker could not be decoded (${decoded.kind === 'corrupt' ? decoded.reason : decoded.kind})`,
    );
  return openSite(decoded.site, loadSearchTemplate(resolve(source.root, 'views')));
}
