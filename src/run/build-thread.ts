// The thread a build runs in: loads and builds the Site from disk and posts back the snapshot's bytes. Started by buildInWorker, one per build.
import { parentPort, workerData } from 'node:worker_threads';
import { ContentError } from '../content/errors.js';
import { encodeSnapshot } from '../site/snapshot.js';
import { buildFromDisk, type SiteSource } from './load.js';
import { THREAD_FINGERPRINT, type BuildReply } from './build-in-worker.js';

async function build(source: SiteSource): Promise<{ reply: BuildReply; transfer: ArrayBuffer[] }> {
  try {
    const { site } = await buildFromDisk(source);
    // A copy in an ArrayBuffer of its own, so that it moves to the server's thread instead of being copied again.
    const snapshot = new Uint8Array(encodeSnapshot(site, THREAD_FINGERPRINT));
    return { reply: { ok: true, snapshot }, transfer: [snapshot.buffer] };
  } catch (error) {
    const content =
      error instanceof ContentError ? { file: error.file, line: error.line, reason: error.reason } : undefined;
    const { message, stack } = error instanceof Error ? error : { message: String(error), stack: undefined };
    return {
      reply: { ok: false, error: { message, ...(stack ? { stack } : {}), ...(content ? { content } : {}) } },
      transfer: [],
    };
  }
}

const { reply, transfer } = await build(workerData as SiteSource);
parentPort?.postMessage(reply, transfer);
