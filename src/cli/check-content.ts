// `npm run check-content [file]`: the server's start-up checks on a content file, plus warnings about likely slips.
import { resolve } from 'node:path';
import { findSlips } from '../content/check.js';
import { ContentError } from '../content/errors.js';
import { buildSite } from '../site/build.js';
import { root } from '../run/config.js';
import { displayPath } from '../run/display-path.js';
import { loadInputs } from '../run/load.js';

/**
 * Checks the file named on the command line (default: CONTENT_FILE, else content/interview.md).
 * Exit 0: the server would serve it (warnings may be printed). Exit 1: it would refuse to start.
 * Reads only; never writes.
 */
function main(argv: readonly string[]): number {
  const contentFile = argv[0] ? resolve(argv[0]) : resolve(root, process.env.CONTENT_FILE ?? 'content/interview.md');
  let interview;
  try {
    const inputs = loadInputs({ root, contentFile, baseUrl: '', hsts: false });
    buildSite(inputs);
    interview = inputs.interview;
  } catch (error) {
    console.error(
      `error: ${error instanceof ContentError ? error.message : error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
  // The file as the loader names it in errors: relative to the working directory.
  const file = displayPath(contentFile);
  const warnings = findSlips(interview);
  for (const warning of warnings) console.log(`warning: ${file} line ${warning.line}: ${warning.message}`);
  const questions = interview.sections.reduce((sum, section) => sum + section.questions.length, 0);
  console.log(
    `${file}: ok, ${interview.sections.length} sections, ${questions} questions; ${warnings.length} warning${warnings.length === 1 ? '' : 's'} for a person to look at`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
