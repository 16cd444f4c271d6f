// The EJS templates in views/, read from disk and compiled once. Kept apart from load.ts so that opening a Site from the snapshot loads no parser.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ejs from 'ejs';
import { TEMPLATE_FILES, type Template, type Templates } from '../render/templates.js';

/** Compiles the page templates in `dir` once, and each partial they include once (not once per include). */
export function loadTemplates(dir: string): Templates {
  // ejs caches compiled includes by file name; start each load from the files as they are now.
  ejs.clearCache();
  const entries = Object.entries(TEMPLATE_FILES).map(([kind, name]) => [kind, compileTemplate(dir, name)]);
  return Object.fromEntries(entries) as Record<keyof Templates, Template>;
}

/** The search page's template alone: what opening a Site from the snapshot needs. */
export function loadSearchTemplate(dir: string): Template {
  ejs.clearCache();
  return compileTemplate(dir, TEMPLATE_FILES.search);
}

function compileTemplate(dir: string, name: string): Template {
  const filename = join(dir, `${name}.ejs`);
  return ejs.compile(readFileSync(filename, 'utf8'), { filename, async: false, cache: true });
}
