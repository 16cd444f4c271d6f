// `npm start`'s second prestart step: builds the Site as the server would and writes the snapshot it starts from.
import { ContentError } from '../content/errors.js';
import { displayPath } from '../run/display-path.js';
import { fingerprint, readSnapshot, removeSnapshot, writeSnapshot } from '../run/snapshot-file.js';
import { config, root } from '../run/config.js';

/**
 * Writes the snapshot for the current settings; keeps the existing one when it was built from the very same inputs
 * (a repeated `npm start` costs a fingerprint, not a build); removes an old one when the site cannot be built.
 * Always exits 0: the server then builds from the content itself and reports any fault (with the file and line)
 * as it always has.
 */
async function main(): Promise<void> {
  const file = config.snapshotFile;
  if (!file) return;
  if (!config.baseUrl) {
    console.log(
      'No build snapshot: with PORT=0 and no SITE_URL the pages name a port known only once the server listens, so it builds then',
    );
    return;
  }
  try {
    // The fingerprint is taken before the build reads anything: an edit made meanwhile makes the snapshot stale, never wrong.
    const inputs = fingerprint({ root, ...config });
    if (readSnapshot(file, inputs).kind === 'loaded') {
      console.log(`Build snapshot ${displayPath(file)} is up to date`);
      return;
    }
    // Imported only now: an up-to-date snapshot costs a fingerprint, not the pipeline's imports.
    const { buildFromDisk } = await import('../run/load.js');
    writeSnapshot(file, (await buildFromDisk({ root, ...config })).site, inputs);
    console.log(`Build snapshot written to ${displayPath(file)}`);
  } catch (error) {
    try {
      removeSnapshot(file);
    } catch {
      // Cannot even remove it (a read-only folder): the server's fingerprint check still refuses a stale one.
    }
    // A content fault or a disk error (a full disk: ENOSPC, EFBIG) is one line; anything else is a bug: its stack.
    const reason =
      error instanceof ContentError || typeof (error as NodeJS.ErrnoException).syscall === 'string'
        ? (error as Error).message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
    console.error(`No build snapshot (the server will build at start-up): ${reason}`);
  }
}

await main();
