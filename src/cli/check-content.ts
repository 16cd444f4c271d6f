// `npm run check-content [file]`: the server's start-up checks on a content file and its notes, plus likely slips and whether a note covers each.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { findSlips, type SlipWarning } from '../content/check.js';
import { ContentError } from '../content/errors.js';
import type { Interview } from '../content/model.js';
import { attachNotes, NOTE_KINDS, parseNotes, type AttachedNote } from '../content/notes.js';
import { buildSite } from '../site/build.js';
import { root } from '../run/config.js';
import { displayPath } from '../run/display-path.js';
import { decodeUtf8, loadInputs, loadInterview } from '../run/load.js';

/**
 * Checks the file named on the command line (default: CONTENT_FILE, else content/interview.md) and the editorial
 * notes beside it (notes.yaml). Exit 0: the server would serve them (warnings may be printed). Exit 1: it would refuse
 * to start; every note that does not attach is listed. Reads only; never writes.
 */
function main(argv: readonly string[]): number {
  const contentFile = argv[0] ? resolve(argv[0]) : resolve(root, process.env.CONTENT_FILE ?? 'content/interview.md');
  const notesFile = resolve(dirname(contentFile), 'notes.yaml');
  const fail = (error: unknown): number => {
    console.error(
      `error: ${error instanceof ContentError ? error.message : error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  };
  let interview: Interview;
  try {
    interview = loadInterview(contentFile);
  } catch (error) {
    return fail(error);
  }
  // Every note that does not attach, each on its line, before the build (which stops at the first).
  let notes: AttachedNote[] = [];
  if (existsSync(notesFile)) {
    try {
      const attached = attachNotes(
        interview,
        parseNotes(decodeUtf8(readFileSync(notesFile), displayPath(notesFile)), displayPath(notesFile)),
      );
      for (const fault of attached.faults)
        console.error(`error: ${displayPath(notesFile)} line ${fault.line}: ${fault.message}`);
      if (attached.faults.length > 0) return 1;
      notes = attached.notes;
    } catch (error) {
      return fail(error);
    }
  }
  try {
    buildSite(loadInputs({ root, contentFile, notesFile, baseUrl: '', hsts: false }));
  } catch (error) {
    return fail(error);
  }
  const file = displayPath(contentFile);
  const warnings = findSlips(interview);
  const noteOn = (warning: SlipWarning) =>
    notes.find((note) =>
      warning.at.some(
        (at) =>
          note.place.paragraph === at.paragraph && note.start < at.end && at.start < note.start + note.quote.length,
      ),
    );
  let covered = 0;
  for (const warning of warnings) {
    const note = noteOn(warning);
    if (note) covered++;
    console.log(
      `warning: ${file} line ${warning.line}: ${warning.message} — ${note ? `noted (note "${note.id}", ${displayPath(notesFile)} line ${note.line})` : 'no note yet'}`,
    );
  }
  const questions = interview.sections.reduce((sum, section) => sum + section.questions.length, 0);
  console.log(
    `${file}: ok, ${interview.sections.length} sections, ${questions} questions; ${warnings.length} warning${warnings.length === 1 ? '' : 's'} for a person to look at, ${covered} of them with a note`,
  );
  if (notes.length > 0) {
    const kinds = NOTE_KINDS.map((kind) => `${notes.filter((note) => note.kind === kind).length} ${kind}`).join(', ');
    console.log(`${displayPath(notesFile)}: ok, ${notes.length} notes attached to their words (${kinds})`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
