// Builds the real pipeline for tests: the repo's templates and assets, content from a string or the real file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnchorLock } from '../../src/content/anchors.js';
import { annotate } from '../../src/content/notes.js';
import { parseInterview } from '../../src/content/parse.js';
import { createApp } from '../../src/http/app.js';
import { loadAssets, loadPreviewFonts } from '../../src/run/load.js';
import { loadTemplates } from '../../src/run/templates.js';
import { buildSite, buildSiteWithPreviews } from '../../src/site/build.js';
import { securityHeaders } from '../../src/site/headers.js';
import type { Site } from '../../src/site/site.js';

export const root = join(import.meta.dirname, '../..');
export const contentPath = join(root, 'content/interview.md');
/** The repository's verbatim copy of the source text (the machine translation, flaws and all). */
export const sourcePath = join(root, 'content/source/izvestia-zinoviev-interview.txt');
/** Where the team keeps the original, beside a working copy; a clone from a host has no such folder. */
export const sharedSourcePath = join(root, '../shared/source/izvestia-zinoviev-interview.txt');
export const realContent = (): string => readFileSync(contentPath, 'utf8');
/** The editorial notes beside the real interview. */
export const notesPath = join(root, 'content/notes.yaml');
export const realNotes = (): string => readFileSync(notesPath, 'utf8');

const templates = loadTemplates(join(root, 'views'));
const assets = loadAssets(join(root, 'public'));
const headers = securityHeaders({ hsts: false });

/** The build's inputs from a content file's text and, when given, its notes file's text. */
function inputsFrom(text: string, file: string, baseUrl: string, notes: string | undefined, anchors?: AnchorLock) {
  const interview = parseInterview(text, file);
  return {
    interview,
    ...(notes === undefined ? {} : { notes: annotate(interview, notes, 'content/notes.yaml') }),
    templates,
    assets,
    securityHeaders: headers,
    baseUrl,
    ...(anchors ? { anchors } : {}),
  };
}

/** The site built from a content file's text (and its notes' text and an anchor lock, when given), as the server builds it. */
export function siteFrom(
  text: string,
  file = 'content/interview.md',
  baseUrl = '',
  notes?: string,
  anchors?: AnchorLock,
): Site {
  return buildSite(inputsFrom(text, file, baseUrl, notes, anchors));
}

/** The real interview with its editorial notes, as the server builds it (without preview images). */
export const realSite = (baseUrl = ''): Site => siteFrom(realContent(), 'content/interview.md', baseUrl, realNotes());

/** The site as the server builds it, preview images included (a second or two: satori and resvg). */
export function siteWithPreviewsFrom(
  text: string,
  baseUrl: string,
  file = 'content/interview.md',
  notes?: string,
): Promise<Site> {
  return buildSiteWithPreviews(inputsFrom(text, file, baseUrl, notes), loadPreviewFonts(root));
}

/** An app serving `site`, with errors collected instead of printed. */
export function appFor(site: Site, errors: unknown[] = []) {
  return createApp({ site: () => site, logError: (error) => errors.push(error) });
}
