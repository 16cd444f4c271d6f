// Writing an export into a folder: a manifest of the files it wrote, so that a later export replaces only those and never deletes anything else.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { ExportFile } from '../site/export.js';

/** The manifest's name in the output folder: a dot-file, which neither the Node server nor the nginx snippet serves. */
export const MANIFEST = '.export-manifest.json';

/** What the manifest holds: every file the export wrote (path inside the folder, forward slashes) → its sha256. */
interface Manifest {
  readonly generator: string;
  readonly files: Readonly<Record<string, string>>;
}

const GENERATOR = 'npm run export (interview reader): the files it wrote; the next export replaces only these';

/** A reason the export refuses to write, for a one-line message. */
export class ExportRefused extends Error {}

const digest = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('base64url');

/** The manifest in `out`, or undefined when there is none. @throws ExportRefused when it is there but unreadable. */
function readManifest(out: string): Manifest | undefined {
  const file = join(out, MANIFEST);
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Manifest>;
    if (typeof parsed.files !== 'object' || parsed.files === null) throw new Error('no "files"');
    return { generator: String(parsed.generator), files: parsed.files };
  } catch (error) {
    throw new ExportRefused(
      `${file} is not a manifest this export can read (${(error as Error).message}); move the folder aside or choose another --out`,
    );
  }
}

/**
 * Folders `out` must not be: the project itself or a folder above it, and the folders the build and the server read
 * or write (dist/ holds the compiled server and the snapshot). Returns the reason, or undefined.
 */
export function forbiddenOutput(out: string, root: string, buildFolders: readonly string[]): string | undefined {
  const inside = (child: string, parent: string) => child === parent || child.startsWith(parent + sep);
  if (inside(root, out)) return `${out} holds the project itself`;
  const folder = buildFolders.find((used) => inside(out, used) || inside(used, out));
  return folder ? `${out} is or holds ${folder}, which the build uses` : undefined;
}

/** What writing `files` into `out` does: the files written, the earlier export's files removed, the ones kept. */
export interface ExportWrite {
  readonly written: number;
  readonly removed: readonly string[];
  /** Files an earlier export wrote and someone changed since: no longer part of the export, but left in place. */
  readonly kept: readonly string[];
}

/**
 * Writes `files` into `out` (created if need be) and the manifest beside them. Replaces only what the manifest of an
 * earlier export lists: a file of its own that the new export no longer has is removed if it still has the bytes the
 * export wrote (and kept, and reported, if someone changed it). Anything else in the folder is never touched: a file
 * at a path the export wants to write that it did not write itself stops the export before it writes anything.
 * @throws ExportRefused with a one-line reason (out is a file, a file in the way, an unreadable manifest).
 */
export function writeExport(out: string, files: readonly ExportFile[]): ExportWrite {
  if (existsSync(out) && !statSync(out).isDirectory())
    throw new ExportRefused(`${out} is a file, not a folder; --out names the folder to write the export to`);
  const previous = readManifest(out)?.files ?? {};
  const isOurs = (path: string) => Object.hasOwn(previous, path);
  const inTheWay = files
    .map((file) => file.path)
    .filter((path) => !isOurs(path) && existsSync(join(out, path)))
    .sort();
  if (inTheWay.length > 0) {
    const more = inTheWay.length > 1 ? ` and ${inTheWay.length - 1} more` : '';
    throw new ExportRefused(
      `${join(out, inTheWay[0]!)}${more} would be overwritten, and no earlier export wrote ${inTheWay.length > 1 ? 'them' : 'it'}; move ${inTheWay.length > 1 ? 'them' : 'it'} aside or choose another --out`,
    );
  }
  const next = new Set(files.map((file) => file.path));
  const removed: string[] = [];
  const kept: string[] = [];
  for (const [path, sha] of Object.entries(previous)) {
    if (next.has(path)) continue;
    const target = resolve(out, path);
    // A manifest is data from the disk: never follow one out of the folder.
    if (!target.startsWith(resolve(out) + sep) || !existsSync(target)) continue;
    if (digest(readFileSync(target)) !== sha) {
      kept.push(path);
      continue;
    }
    rmSync(target);
    removed.push(path);
    removeEmptyFolders(out, dirname(target));
  }
  const manifest: Record<string, string> = {};
  for (const file of files) {
    const target = join(out, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.body);
    manifest[file.path] = digest(file.body);
  }
  // Changed files of an earlier export stay listed: they are still the export's to replace or remove later.
  for (const path of kept) manifest[path] = previous[path]!;
  writeFileSync(join(out, MANIFEST), `${JSON.stringify({ generator: GENERATOR, files: manifest }, null, 1)}\n`);
  return { written: files.length, removed, kept };
}

/** Removes `folder` and the folders above it, up to `out`, while they are empty. */
function removeEmptyFolders(out: string, folder: string): void {
  for (let dir = folder; relative(out, dir) !== '' && !relative(out, dir).startsWith('..'); dir = dirname(dir)) {
    if (readdirSync(dir).length > 0) return;
    rmdirSync(dir);
  }
}
