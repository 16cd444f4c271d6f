// The lock of published anchors: every section slug and question id ever published, and where each lives now. Pure.
import { ContentError } from './errors.js';
import type { Interview } from './model.js';
import type { AttachedNote } from './notes.js';
import { paragraphId, questionOfParagraph } from './slug.js';

/**
 * The committed record (`content/anchors.lock.json`). Entries are only ever added, never removed.
 * - `sections`: every published slug → the number of the section it belongs to. A section keeps its
 *   number when its title (and so its slug) changes, so an old slug still finds its section.
 * - `questions`: every published question id → the id the question has now (usually itself).
 * - `paragraphs`: every published answer-paragraph id (`q6.2`) → the id it has now (usually itself). Optional in
 *   the file: a lock written before paragraphs had ids has none.
 */
export interface AnchorLock {
  readonly sections: Readonly<Record<string, number>>;
  readonly questions: Readonly<Record<string, string>>;
  readonly paragraphs: Readonly<Record<string, string>>;
  /** Every published editorial note id → the id it has now (usually itself). Optional in the file. */
  readonly notes: Readonly<Record<string, string>>;
}

/** What the lock means for the current interview. */
export interface ResolvedAnchors {
  /** Old section slug → the slug of the section it belongs to now. */
  readonly sectionRedirects: ReadonlyMap<string, string>;
  /** Old question id → the question's current id. */
  readonly questionRedirects: ReadonlyMap<string, string>;
  /** Current question id → its older ids, kept as alias anchors in the HTML. */
  readonly questionAliases: ReadonlyMap<string, readonly string[]>;
  /** Current paragraph id → its older ids, kept as alias anchors in the HTML. */
  readonly paragraphAliases: ReadonlyMap<string, readonly string[]>;
  /** Current note id → its older ids, kept as alias anchors in the HTML. */
  readonly noteAliases: ReadonlyMap<string, readonly string[]>;
  /** Recorded anchors that no longer resolve, or that clash with a current one: each a sentence to act on. */
  readonly problems: readonly string[];
}

/** An empty lock: nothing published yet. */
export const EMPTY_LOCK: AnchorLock = { sections: {}, questions: {}, paragraphs: {}, notes: {} };

/**
 * Reads the lock's JSON text.
 * @throws ContentError naming `file` when it is not JSON of the documented shape.
 */
export function parseAnchorLock(text: string, file: string): AnchorLock {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ContentError(file, 0, `is not valid JSON (${(error as Error).message})`);
  }
  const record = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  if (
    !record(data) ||
    !record(data.sections) ||
    !record(data.questions) ||
    (data.paragraphs !== undefined && !record(data.paragraphs)) ||
    (data.notes !== undefined && !record(data.notes))
  ) {
    throw new ContentError(
      file,
      0,
      'must be an object with "sections" (slug → section number), "questions" (id → id) and optionally "paragraphs" (id → id)',
    );
  }
  for (const [slug, number] of Object.entries(data.sections)) {
    if (!Number.isInteger(number) || (number as number) < 1) {
      throw new ContentError(
        file,
        0,
        `section slug ${JSON.stringify(slug)} must map to a section number (1, 2, …), not ${JSON.stringify(number)}`,
      );
    }
  }
  for (const [id, target] of Object.entries(data.questions)) {
    if (typeof target !== 'string' || target === '') {
      throw new ContentError(
        file,
        0,
        `question id ${JSON.stringify(id)} must map to a question id, not ${JSON.stringify(target)}`,
      );
    }
  }
  for (const [id, target] of Object.entries(data.paragraphs ?? {})) {
    if (typeof target !== 'string' || questionOfParagraph(target) === undefined) {
      throw new ContentError(
        file,
        0,
        `paragraph id ${JSON.stringify(id)} must map to a paragraph id such as "q6.2", not ${JSON.stringify(target)}`,
      );
    }
  }
  for (const [id, target] of Object.entries(data.notes ?? {})) {
    if (typeof target !== 'string' || target === '') {
      throw new ContentError(
        file,
        0,
        `note id ${JSON.stringify(id)} must map to a note id, not ${JSON.stringify(target)}`,
      );
    }
  }
  return {
    sections: data.sections as Record<string, number>,
    questions: data.questions as Record<string, string>,
    paragraphs: (data.paragraphs ?? {}) as Record<string, string>,
    notes: (data.notes ?? {}) as Record<string, string>,
  };
}

/** Works out redirects and alias anchors for every recorded anchor that is not current any more. */
export function resolveAnchors(
  interview: Interview,
  lock: AnchorLock,
  notes: readonly AttachedNote[] = [],
): ResolvedAnchors {
  const sectionRedirects = new Map<string, string>();
  const questionRedirects = new Map<string, string>();
  const aliases = new Map<string, string[]>();
  const problems: string[] = [];
  const slugs = new Set(interview.sections.map((section) => section.slug));
  const ids = new Set(interview.sections.flatMap((section) => section.questions.map((question) => question.id)));

  for (const [slug, number] of Object.entries(lock.sections)) {
    if (slugs.has(slug)) continue; // still the slug of a section (a reorder is fixed by --update)
    const section = interview.sections[number - 1];
    if (!section)
      problems.push(
        `section slug "${slug}" is recorded for section ${number}, but there are only ${interview.sections.length} sections`,
      );
    else sectionRedirects.set(slug, section.slug);
  }
  for (const [id, target] of Object.entries(lock.questions)) {
    if (id === target && ids.has(id)) continue;
    if (ids.has(id))
      problems.push(`question id "${id}" is recorded as moved to "${target}", but "${id}" is a current question id`);
    else if (!ids.has(target))
      problems.push(`question id "${id}" is recorded as "${target}", which is not a current question id`);
    else {
      aliases.set(target, [...(aliases.get(target) ?? []), id]);
      questionRedirects.set(id, target);
    }
  }
  return {
    sectionRedirects,
    questionRedirects,
    questionAliases: aliases,
    paragraphAliases: resolveParagraphs(interview, lock, problems),
    noteAliases: resolveNotes(notes, lock, problems),
    problems,
  };
}

/**
 * Where each recorded paragraph id that is not current lands: the paragraph the lock names; else the same paragraph
 * of the question its question id moved to; else, when that answer has fewer paragraphs now, its last one. Only a
 * paragraph whose question is gone is a problem (added to `problems`).
 */
function resolveParagraphs(interview: Interview, lock: AnchorLock, problems: string[]): Map<string, string[]> {
  const answers = new Map(
    interview.sections.flatMap((section) =>
      section.questions.map((question) => [question.id, question.paragraphIds] as const),
    ),
  );
  const current = new Set([...answers.values()].flat());
  const aliases = new Map<string, string[]>();
  for (const [id, target] of Object.entries(lock.paragraphs)) {
    if (current.has(id)) continue;
    let landing = current.has(target) ? target : undefined;
    const old = questionOfParagraph(id);
    const question =
      old &&
      (answers.has(lock.questions[old.questionId] ?? '')
        ? lock.questions[old.questionId]!
        : answers.has(old.questionId)
          ? old.questionId
          : undefined);
    if (!landing && old && question) {
      const paragraphs = answers.get(question)!;
      landing = paragraphs.includes(paragraphId(question, old.paragraph))
        ? paragraphId(question, old.paragraph)
        : paragraphs.at(-1);
    }
    if (landing) aliases.set(landing, [...(aliases.get(landing) ?? []), id]);
    else problems.push(`paragraph id "${id}" is recorded, but neither it nor its question is in the interview now`);
  }
  return aliases;
}

/** Where each recorded note id that is not current lands: the note the lock names. Anything else is a problem. */
function resolveNotes(notes: readonly AttachedNote[], lock: AnchorLock, problems: string[]): Map<string, string[]> {
  const current = new Set(notes.map((note) => note.id));
  const aliases = new Map<string, string[]>();
  for (const [id, target] of Object.entries(lock.notes)) {
    if (current.has(id)) continue;
    if (current.has(target)) aliases.set(target, [...(aliases.get(target) ?? []), id]);
    else
      problems.push(
        `note id "${id}" is recorded, but no note has it now: map it to a current note's id in "notes", or restore the note`,
      );
  }
  return aliases;
}

/**
 * The lock with every current anchor recorded: current slugs → their section's number (renumbered
 * if sections moved), current ids → themselves. Older entries are kept as they are. Does not change `lock`.
 */
export function updateAnchorLock(
  interview: Interview,
  lock: AnchorLock,
  notes: readonly AttachedNote[] = [],
): AnchorLock {
  const sections: Record<string, number> = { ...lock.sections };
  const questions: Record<string, string> = { ...lock.questions };
  const paragraphs: Record<string, string> = { ...lock.paragraphs };
  const noteIds: Record<string, string> = { ...lock.notes };
  for (const note of notes) noteIds[note.id] = note.id;
  for (const section of interview.sections) {
    sections[section.slug] = section.number;
    for (const question of section.questions) {
      questions[question.id] = question.id;
      for (const id of question.paragraphIds) paragraphs[id] = id;
    }
  }
  return { sections, questions, paragraphs, notes: noteIds };
}

/** The lock as committed: sorted keys (sections by number, then slug), two-space JSON, final newline. */
export function formatAnchorLock(lock: AnchorLock): string {
  const sections = Object.entries(lock.sections).sort(([a, m], [b, n]) => m - n || a.localeCompare(b));
  const byId = (record: Readonly<Record<string, string>>) =>
    Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })));
  const notes = Object.keys(lock.notes).length > 0 ? { notes: byId(lock.notes) } : {};
  const record = {
    sections: Object.fromEntries(sections),
    questions: byId(lock.questions),
    paragraphs: byId(lock.paragraphs),
    ...notes,
  };
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** Recorded anchors missing from the lock: the current ones an update would add. Empty when the lock is up to date. */
export function unrecordedAnchors(
  interview: Interview,
  lock: AnchorLock,
  notes: readonly AttachedNote[] = [],
): string[] {
  const missing: string[] = [];
  for (const note of notes) if (lock.notes[note.id] !== note.id) missing.push(`note id "${note.id}"`);
  for (const section of interview.sections) {
    if (lock.sections[section.slug] !== section.number)
      missing.push(`section slug "${section.slug}" (section ${section.number})`);
    for (const question of section.questions) {
      if (lock.questions[question.id] !== question.id) missing.push(`question id "${question.id}"`);
      for (const id of question.paragraphIds) if (lock.paragraphs[id] !== id) missing.push(`paragraph id "${id}"`);
    }
  }
  return missing;
}
