// The content on disk: the content file, the anchor lock and the public assets, and the build from them (templates: templates.ts).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import { EMPTY_LOCK, parseAnchorLock, type AnchorLock } from '../content/anchors.js';
import { ContentError } from '../content/errors.js';
import { checkLimits, MAX_CONTENT_BYTES } from '../content/limits.js';
import type { Interview } from '../content/model.js';
import { annotate, type AttachedNote } from '../content/notes.js';
import { parseInterview } from '../content/parse.js';
import { buildSiteWithPreviews, type BuildInputs } from '../site/build.js';
import { displayPath } from './display-path.js';
import { folderPreviewCache } from './preview-cache.js';
import { securityHeaders } from '../site/headers.js';
import { previewFontFiles, type PreviewFontRole, type PreviewFonts } from '../render/preview/index.js';
import type { AssetFile } from '../site/resource.js';
import type { Site } from '../site/site.js';
import { loadTemplates } from './templates.js';

export { MAX_CONTENT_BYTES } from '../content/limits.js';

/**
 * A content file's text: read, held to MAX_CONTENT_BYTES, strict UTF-8. Errors name `file`.
 * @returns undefined for a missing file when `missingIsEmpty` (the notes), else a ContentError says so.
 */
function readContentFile(path: string, file: string, missingIsEmpty = false): string | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && missingIsEmpty) return undefined;
    throw new ContentError(file, 0, code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(error)})`);
  }
  // Refused before it is decoded or parsed, not truncated: a larger file would take minutes and gigabytes to build.
  if (bytes.length > MAX_CONTENT_BYTES) {
    throw new ContentError(
      file,
      0,
      `is ${bytes.length.toLocaleString('en')} bytes; the limit is ${MAX_CONTENT_BYTES.toLocaleString('en')} (10 MiB)`,
    );
  }
  return decodeUtf8(bytes, file);
}

/**
 * Reads and parses the interview. Errors name the file as given (relative to the working directory).
 * @throws ContentError when the file is missing, too large, not UTF-8, or not a valid interview.
 */
export function loadInterview(path: string): Interview {
  const file = displayPath(path);
  const text = readContentFile(path, file)!;
  checkLimits(text, file);
  return parseInterview(text, file);
}

/**
 * Reads the editorial notes and attaches them to `interview`'s words. A missing file means no notes.
 * @throws ContentError naming the notes file and a note's line, when a note is malformed or does not attach.
 */
export function loadNotes(path: string, interview: Interview): AttachedNote[] {
  const file = displayPath(path);
  const text = readContentFile(path, file, true);
  return text === undefined ? [] : annotate(interview, text, file);
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
  const fonts = FONT_FILES.map((specifier) => ({
    name: basename(specifier),
    body: readFileSync(requireFromHere.resolve(specifier)),
  }));
  return [...files, ...fonts];
}

/** The preview images' fonts (WOFF files of the @fontsource packages), read from `root`'s node_modules. Throws when one is missing. */
export function loadPreviewFonts(root: string): PreviewFonts {
  const fonts: Record<PreviewFontRole, Uint8Array[]> = {
    'serif-600': [],
    'serif-400-italic': [],
    'sans-400': [],
    'sans-700': [],
  };
  for (const { role, file } of previewFontFiles()) fonts[role].push(readFileSync(join(root, file)));
  return fonts;
}

/**
 * Reads the lock of published anchors (`content/anchors.lock.json`). A missing file is an empty lock.
 * @throws ContentError when it exists but is not a valid lock.
 */
export function loadAnchorLock(path: string): AnchorLock {
  if (!existsSync(path)) return EMPTY_LOCK;
  const file = displayPath(path);
  return parseAnchorLock(decodeUtf8(readFileSync(path), file), file);
}

/** Where the site comes from and how it is built: everything that decides the bytes of the Site, so also what the snapshot's fingerprint hashes. */
export interface SiteSource {
  /** The project folder holding `views/`, `public/` and `node_modules/`. */
  readonly root: string;
  /** The content file, absolute or relative to the working directory. */
  readonly contentFile: string;
  /** Origin for canonical links; '' gives root-relative links. */
  readonly baseUrl: string;
  /** Send HSTS (only behind TLS). */
  readonly hsts: boolean;
  /** The lock of published anchors; a missing file means an empty lock. Default: none. */
  readonly anchorsFile?: string;
  /** The editorial notes (YAML); a missing file means none. Default: none. */
  readonly notesFile?: string;
  /** The compiled (or, under tsx, source) modules that build the Site; fingerprinted with the rest. Default: the running code's folder. */
  readonly codeDir?: string;
}

/**
 * Everything the build reads, from disk.
 * @throws ContentError (file and line) on a content fault; Error when a template or asset is missing.
 */
export function loadInputs(source: SiteSource): BuildInputs {
  const interview = loadInterview(source.contentFile);
  return {
    interview,
    ...(source.notesFile ? { notes: loadNotes(source.notesFile, interview) } : {}),
    templates: loadTemplates(resolve(source.root, 'views')),
    assets: loadAssets(resolve(source.root, 'public')),
    baseUrl: source.baseUrl,
    securityHeaders: securityHeaders({ hsts: source.hsts }),
    ...(source.anchorsFile ? { anchors: loadAnchorLock(source.anchorsFile) } : {}),
  };
}

/**
 * Loads everything from disk and builds the complete Site, preview images included (those already rendered by an
 * earlier build are taken from the folder cache): what the prestart step, a build's worker thread, the export and
 * check-content do. @throws (rejects) as loadInputs does.
 */
export async function buildFromDisk(source: SiteSource): Promise<{ inputs: BuildInputs; site: Site }> {
  const inputs = loadInputs(source);
  const cache = folderPreviewCache(source.root);
  const site = await buildSiteWithPreviews(inputs, loadPreviewFonts(source.root), cache);
  cache.prune();
  return { inputs, site };
}
