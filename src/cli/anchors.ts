// `npm run anchors`: checks the lock of published anchors against the content; `-- --update` records the current ones.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatAnchorLock, resolveAnchors, unrecordedAnchors, updateAnchorLock } from '../content/anchors.js';
import { ContentError } from '../content/errors.js';
import { displayPath } from '../run/display-path.js';
import { loadAnchorLock, loadInterview, loadNotes } from '../run/load.js';
import { config } from '../run/config.js';

function main(): number {
  const { values } = parseArgs({ options: { update: { type: 'boolean', default: false } } });
  const file = displayPath(config.anchorsFile);
  const interview = loadInterview(config.contentFile);
  const notes = loadNotes(config.notesFile, interview);
  const lock = loadAnchorLock(config.anchorsFile);
  const { problems, sectionRedirects, questionRedirects } = resolveAnchors(interview, lock, notes);
  if (values.update) {
    writeFileSync(config.anchorsFile, formatAnchorLock(updateAnchorLock(interview, lock, notes)));
    console.log(`${file}: every current section slug, question id, paragraph id and note id recorded.`);
  } else {
    const missing = unrecordedAnchors(interview, lock, notes);
    for (const anchor of missing)
      console.error(`${file}: not recorded yet: ${anchor} (run \`npm run anchors -- --update\`)`);
    if (missing.length === 0)
      console.log(
        `${file}: every current anchor is recorded; ${sectionRedirects.size + questionRedirects.size} old address(es) redirect.`,
      );
    if (missing.length > 0 && problems.length === 0) return 1;
  }
  for (const problem of problems) console.error(`${file}: ${problem}`);
  return problems.length > 0 ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error instanceof ContentError ? error.message : error);
  process.exitCode = 1;
}
