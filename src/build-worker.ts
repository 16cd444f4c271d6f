// The thread a reload builds in: loads and builds the Site from disk exactly as the server does at start-up, and posts
// back the build snapshot's bytes and the parsed interview. Started by buildInWorker (src/worker-build.ts), one per reload.
import { parentPort, workerData } from 'node:worker_threads';
import { ContentError } from './errors.js';
import { loadSite, type SiteSource } from './load-site.js';
import { encodeSnapshot } from './snapshot.js';
import { RELOAD_FINGERPRINT, type BuildReply } from './worker-build.js';

function build(source: SiteSource): { reply: BuildReply; transfer: ArrayBuffer[] } {
  try {
    const { interview, site } = loadSite(source);
    // A copy in an ArrayBuffer of its own, so that it moves to the server's thread instead of being copied again.
    const snapshot = new Uint8Array(encodeSnapshot(site, RELOAD_FINGERPRINT));
    return { reply: { ok: true, snapshot, interview }, transfer: [snapshot.buffer] };
  } catch (error) {
    const content = error instanceof ContentError ? { file: error.file, line: error.line, reason: error.reason } : undefined;
    const { message, stack } = error instanceof Error ? error : { message: String(error), stack: undefined };
    return { reply: { ok: false, error: { message, ...(stack ? { stack } : {}), ...(content ? { content } : {}) } }, transfer: [] };
  }
}

const { reply, transfer } = build(workerData as SiteSource);
parentPort?.postMessage(reply, transfer);
