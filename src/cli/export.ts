// `npm run export -- --out <folder>`: writes the Site, from the same snapshot the server starts from, as files for any static host.
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildSync } from 'esbuild';
import { ContentError } from '../content/errors.js';
import { decodeSnapshot, encodeSnapshot } from '../site/snapshot.js';
import { exportFiles } from '../site/export.js';
import { openSite } from '../site/site.js';
import { fingerprint, readSnapshot } from '../run/snapshot-file.js';
import { config, localOrigin, root, siteUrlFault } from '../run/config.js';
import { ExportRefused, forbiddenOutput, writeExport } from '../run/export-folder.js';
import { buildFromDisk } from '../run/load.js';
import { loadSearchTemplate } from '../run/templates.js';

/** The port a copy names with PORT=0 and no SITE_URL: the server's default. */
const DEFAULT_PORT = 3000;

/** Where the export goes without `--out`: a folder of its own, not dist/, which holds the compiled server and the snapshot. */
const DEFAULT_OUT = 'export';

/** The folders the build reads or writes: the export may not be written into (or over) any of them. */
const BUILD_FOLDERS = ['dist', 'src', 'content', 'public', 'views', 'node_modules', '.git'].map((name) =>
  join(root, name),
);

/**
 * The snapshot for the current inputs: `npm start`'s file when it is up to date, else a fresh build passed through the
 * same serialiser, so that the export holds exactly the bytes a server started from it would send.
 */
async function currentSnapshot() {
  const source = { root, ...config, baseUrl: config.baseUrl || localOrigin(DEFAULT_PORT) };
  const inputs = fingerprint(source);
  const stored = config.snapshotFile ? readSnapshot(config.snapshotFile, inputs) : undefined;
  if (stored?.kind === 'loaded') return stored.site;
  const decoded = decodeSnapshot(encodeSnapshot((await buildFromDisk(source)).site, inputs), inputs);
  if (decoded.kind !== 'loaded') throw new Error(`the snapshot could not be decoded (${decoded.kind})`);
  return decoded.site;
}

/**
 * The static copy's search for the browser: src/browser/static-search.ts and what it imports of src/render/search
 * (the server's engine, query and results code, and minisearch) bundled into one script by esbuild.
 */
export function bundleStaticSearch(): Buffer {
  const { outputFiles } = buildSync({
    entryPoints: [join(root, 'src/browser/static-search.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
  });
  return Buffer.from(outputFiles[0]!.contents);
}

/** The output folder from the command line, or a one-line reason to refuse it. */
function outputFolder(): string {
  let out: string;
  try {
    out = resolve(parseArgs({ options: { out: { type: 'string', default: DEFAULT_OUT } } }).values.out);
  } catch (error) {
    throw new ExportRefused(`${(error as Error).message}; usage: npm run export -- --out <folder>`);
  }
  const snapshotFolder = config.snapshotFile ? [dirname(config.snapshotFile)] : [];
  const fault = forbiddenOutput(out, root, [...BUILD_FOLDERS, ...snapshotFolder]);
  if (fault) throw new ExportRefused(`${fault}; choose another --out (the default is ${DEFAULT_OUT}/)`);
  return out;
}

async function main(): Promise<void> {
  let out: string;
  let files;
  let write;
  try {
    // The server's own rule for the origin the copy names: a bad one is refused before anything is built.
    const originFault = config.siteUrl ? siteUrlFault(process.env.SITE_URL ?? '') : undefined;
    if (originFault) throw new ExportRefused(originFault);
    out = outputFolder();
    files = exportFiles(
      await openSite(await currentSnapshot(), loadSearchTemplate(join(root, 'views'))),
      bundleStaticSearch(),
    );
    write = writeExport(out, files);
  } catch (error) {
    const known = error instanceof ContentError || error instanceof ExportRefused;
    const diskError = typeof (error as NodeJS.ErrnoException).syscall === 'string';
    // A content fault, a refused folder or a disk error (EACCES, ENOSPC) is one line; anything else is a bug: all of it.
    console.error(known || diskError ? `Cannot export: ${(error as Error).message}` : error);
    process.exit(1);
  }
  for (const path of write.kept)
    console.error(
      `Kept ${join(out, path)}: an earlier export wrote it, the new one has no such file, and it was changed since`,
    );
  const bytes = files.reduce((sum, file) => sum + file.body.length, 0);
  console.log(
    `Exported ${files.length} files (${bytes} bytes) to ${out}` +
      (write.removed.length
        ? `; removed ${write.removed.length} files of the earlier export that it no longer has`
        : ''),
  );
  if (!config.siteUrl) {
    const origin = config.baseUrl || localOrigin(DEFAULT_PORT);
    console.error(
      `\nWARNING: SITE_URL is not set, so this copy names ${origin} as its address: in its canonical links, sitemap.xml, ` +
        `robots.txt, preview tags and every copied link. That is right for looking at it on this machine only. ` +
        `For a copy to put on a host or CDN, run it again with SITE_URL set to its public origin, e.g. SITE_URL=https://reader.example npm run export.\n`,
    );
  }
}

await main();
