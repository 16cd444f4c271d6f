// Reads the preview images' font files from disk (I/O; belongs to the load layer).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { previewFontFiles, type PreviewFontRole, type PreviewFonts } from './preview-image.js';

/** The preview fonts' bytes, read from `root` (the project root, where node_modules is), in `previewFontFiles()` order. Throws when a file is missing. */
export function loadPreviewFonts(root: string = process.cwd()): PreviewFonts {
  const fonts: Record<PreviewFontRole, Uint8Array[]> = { 'serif-600': [], 'serif-400-italic': [], 'sans-400': [], 'sans-700': [] };
  for (const { role, file } of previewFontFiles()) fonts[role].push(readFileSync(join(root, file)));
  return fonts;
}
