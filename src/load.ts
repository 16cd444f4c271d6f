// The disk, in one place: the content file, the templates and the public assets.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, relative } from 'node:path';
import ejs from 'ejs';
import { EMPTY_LOCK, parseAnchorLock, type AnchorLock } from './anchors.js';
import { ContentError } from './errors.js';
import type { Interview } from './model.js';
import type { Template, Templates } from './pages.js';
import { parseInterview } from './parse.js';

/** Largest content file accepted; a larger one is refused, not truncated. */
export const MAX_CONTENT_BYTES = 16 * 1024 * 1024;

/**
 * Reads and parses the interview. Errors name the file as given (relative to the working directory).
 * @throws ContentError when the file is missing, too large, not UTF-8, or not a valid interview.
 */
export function loadInterview(path: string): Interview {
  const file = relative(process.cwd(), path) || path;
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ContentError(file, 0, code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(error)})`);
  }
  if (bytes.length > MAX_CONTENT_BYTES) {
    throw new ContentError(file, 0, `is ${bytes.length} bytes; the limit is ${MAX_CONTENT_BYTES}`);
  }
  return parseInterview(decodeUtf8(bytes, file), file);
}

/** Strict UTF-8: a byte sequence that is not UTF-8 is an error with its line, never a replacement character. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const good = new TextDecoder('utf-8').decode(bytes).split('\uFFFD')[0] ?? '';
    throw new ContentError(file, good.split('\n').length, 'is not valid UTF-8');
  }
}

/** Compiles the page templates in `dir` once, and each partial they include once (not once per include). */
export function loadTemplates(dir: string): Templates {
  // ejs caches compiled includes by file name; start each load from the files as they are now.
  ejs.clearCache();
  const compile = (name: string): Template => {
    const filename = join(dir, `${name}.ejs`);
    return ejs.compile(readFileSync(filename, 'utf8'), { filename, async: false, cache: true }) as Template;
  };
  return {
    home: compile('home'),
    section: compile('section'),
    full: compile('full'),
    notFound: compile('not-found'),
    error: compile('error'),
    question: compile('question-page'),
    search: compile('search'),
  };
}

/** A file from `public/`: its name and bytes. */
export interface AssetFile {
  readonly name: string;
  readonly body: Buffer;
}

/**
 * The web fonts style.css uses, read from their npm packages (latin subset, woff2): Source Serif 4 for the text,
 * Source Sans 3 for the interface. They are served as assets under their file names, content-hashed, like public/.
 */
export const FONT_FILES = [
  '@fontsource/source-serif-4/files/source-serif-4-latin-400-normal.woff2',
  '@fontsource/source-serif-4/files/source-serif-4-latin-600-normal.woff2',
  '@fontsource/source-sans-3/files/source-sans-3-latin-400-normal.woff2',
  '@fontsource/source-sans-3/files/source-sans-3-latin-600-normal.woff2',
] as const;

const requireFromHere = createRequire(import.meta.url);

/** Reads every file directly in `dir` (no subfolders, no dot-files), and the FONT_FILES from node_modules. */
export function loadAssets(dir: string): AssetFile[] {
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => ({ name: basename(entry.name), body: readFileSync(join(dir, entry.name)) }));
  const fonts = FONT_FILES.map((specifier) => ({ name: basename(specifier), body: readFileSync(requireFromHere.resolve(specifier)) }));
  return [...files, ...fonts];
}

/**
 * Reads the lock of published anchors (`content/anchors.lock.json`). A missing file is an empty lock.
 * @throws ContentError when it exists but is not a valid lock.
 */
export function loadAnchorLock(path: string): AnchorLock {
  if (!existsSync(path)) return EMPTY_LOCK;
  const file = relative(process.cwd(), path) || path;
  return parseAnchorLock(decodeUtf8(readFileSync(path), file), file);
}
