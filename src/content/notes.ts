// Editorial notes: read from their own file (text → notes, pure) and attached to the exact words they are about.
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { ContentError } from './errors.js';
import type { Interview } from './model.js';

/** What a note does: mends a slip of the machine translation, says who or what something is, or explains a word. */
export type NoteKind = 'correction' | 'context' | 'translation';
export const NOTE_KINDS: readonly NoteKind[] = ['correction', 'context', 'translation'];

/** One note as the editor wrote it. Every string is trimmed; optional ones are null when absent. */
export interface EditorialNote {
  /** Stable id (`kazakhstan-public`): lower-case letters, digits and hyphens. The page anchor is `#note-<id>`. */
  readonly id: string;
  /** The notes file, as errors name it. */
  readonly file: string;
  /** 1-based line of the note's first field in the notes file. */
  readonly line: number;
  readonly kind: NoteKind;
  /** The exact words the note is about, as they stand in one paragraph, question or title. */
  readonly quote: string;
  /** Text right before the words, to tell repeats apart (W3C Web Annotation's TextQuoteSelector). '' when none. */
  readonly prefix: string;
  /** Text right after the words. '' when none. */
  readonly suffix: string;
  /** For a correction: what the original says or most likely says (TEI's `<corr>` beside the `<sic>`). */
  readonly correct: string | null;
  /** The note itself: inline Markdown, rendered through the interview's own sanitiser. */
  readonly text: string;
  readonly by: string | null;
  /** `YYYY-MM-DD`. */
  readonly date: string | null;
}

/** Where a note's words stand: which paragraph, and the question or section it belongs to. */
export interface NotePlace {
  /** `headline`, `lede.<n>`, `title.<section number>`, a question id (`q3`) or an answer paragraph id (`q3.2`). */
  readonly paragraph: string;
  /** The section number the words are in; null for the headline and the lede. */
  readonly section: number | null;
  /** The question id the words are in (its text or its answer); null for a title, the headline or the lede. */
  readonly question: string | null;
}

/** A note attached to its words. */
export interface AttachedNote extends EditorialNote {
  readonly place: NotePlace;
  /** Where the words start in the paragraph's text (the source's words, as `Paragraph.text` holds them). */
  readonly start: number;
  /** Which occurrence of `quote` in that text this is, from 0: what a renderer counts to find the same words. */
  readonly occurrence: number;
  /** 1-based, in the order of the text: the number a printed page gives the note and its mark. */
  readonly number: number;
}

/** A note that cannot be attached, or a field that is wrong: a sentence naming the note, at its line. */
export interface NoteFault {
  readonly line: number;
  readonly message: string;
}

const FIELDS = ['id', 'kind', 'quote', 'prefix', 'suffix', 'correct', 'note', 'by', 'date'];
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Parses the notes file: a YAML list of notes (see docs/content-format.md, "Editorial notes"). An empty file is no
 * notes. Pure: takes the text, never a path.
 * @param file the name used in error messages.
 * @throws ContentError naming `file` and the line, on YAML that does not parse or a note whose fields are wrong.
 */
export function parseNotes(text: string, file: string): EditorialNote[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (node: { range?: [number, number, number] | null } | null | undefined): number =>
    node?.range ? lineCounter.linePos(node.range[0]).line : 1;
  const [error] = doc.errors;
  if (error) {
    throw new ContentError(
      file,
      lineCounter.linePos(error.pos[0]).line,
      `not valid YAML: ${error.message.split('\n')[0]}`,
    );
  }
  if (doc.contents === null) return [];
  if (!isSeq(doc.contents)) {
    throw new ContentError(
      file,
      lineOf(doc.contents),
      'should be a list of notes, each starting with "- id:" (see docs/content-format.md)',
    );
  }
  const seen = new Map<string, number>();
  return doc.contents.items.map((item) => {
    const line = lineOf(item);
    if (!isMap(item)) throw new ContentError(file, line, 'each note should be a mapping of fields (id:, kind:, …)');
    const data = item.toJSON() as Record<string, unknown>;
    const fail = (reason: string): never => {
      const name = typeof data.id === 'string' ? `note "${data.id}"` : 'a note';
      throw new ContentError(file, line, `${name}: ${reason}`);
    };
    for (const key of Object.keys(data)) {
      if (!FIELDS.includes(key)) fail(`unknown field "${key}" (the fields are ${FIELDS.join(', ')})`);
    }
    const field = (name: string, required: boolean): string | null => {
      const value = data[name];
      if (value === undefined || value === null) return required ? fail(`"${name}" is required`) : null;
      if (typeof value !== 'string' && typeof value !== 'number')
        return fail(`"${name}" should be text, not ${Array.isArray(value) ? 'a list' : typeof value}`);
      const trimmed = String(value).replace(/\s+/g, ' ').trim();
      return trimmed === '' ? (required ? fail(`"${name}" is empty`) : null) : trimmed;
    };
    const id = field('id', true)!;
    if (!ID.test(id)) fail(`the id should be lower-case letters, digits and single hyphens (such as "kiev-kyiv")`);
    if (seen.has(id)) fail(`the id is already used by the note at line ${seen.get(id)}`);
    seen.set(id, line);
    const kind = field('kind', true) as NoteKind;
    if (!NOTE_KINDS.includes(kind)) fail(`kind should be one of ${NOTE_KINDS.join(', ')}, not "${kind}"`);
    const date = data.date instanceof Date ? data.date.toISOString().slice(0, 10) : field('date', false);
    if (date !== null && !DATE.test(date)) fail(`date should be YYYY-MM-DD, not "${date}"`);
    const context = (name: string): string => {
      const value = data[name];
      // Context keeps its spaces at the edges: "the public of the " must end right before the words.
      if (value === undefined || value === null) return '';
      return typeof value === 'string' ? value.replace(/\s+/g, ' ') : fail(`"${name}" should be text`);
    };
    return {
      id,
      file,
      line,
      kind,
      quote: field('quote', true)!,
      prefix: context('prefix'),
      suffix: context('suffix'),
      correct: field('correct', false),
      text: field('note', true)!,
      by: field('by', false),
      date,
    };
  });
}

/** Every paragraph a note may attach to, in the order of the text. */
function places(interview: Interview): { place: NotePlace; text: string }[] {
  return [
    { place: { paragraph: 'headline', section: null, question: null }, text: interview.headline.text },
    ...interview.lede.map((paragraph, k) => ({
      place: { paragraph: `lede.${k + 1}`, section: null, question: null },
      text: paragraph.text,
    })),
    ...interview.sections.flatMap((section) => [
      {
        place: { paragraph: `title.${section.number}`, section: section.number, question: null },
        text: section.title.text,
      },
      ...section.questions.flatMap((question) => [
        { place: { paragraph: question.id, section: section.number, question: question.id }, text: question.text.text },
        ...question.answer.map((paragraph, k) => ({
          place: { paragraph: question.paragraphIds[k]!, section: section.number, question: question.id },
          text: paragraph.text,
        })),
      ]),
    ]),
  ];
}

/** Every start of `quote` in `text`. */
function starts(text: string, quote: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(quote); at !== -1; at = text.indexOf(quote, at + 1)) found.push(at);
  return found;
}

const shown = (text: string): string => JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}…` : text);

/**
 * Attaches each note to its words. A note attaches where its `quote` stands with its `prefix` right before and its
 * `suffix` right after, inside one paragraph, question or title; it must stand there exactly once in the interview.
 * An edit elsewhere in the paragraph leaves it attached. Notes never change the interview. Pure.
 * @returns the notes that attached, numbered in text order, and a fault for each that did not (never guessed).
 */
export function attachNotes(
  interview: Interview,
  notes: readonly EditorialNote[],
): { notes: AttachedNote[]; faults: NoteFault[] } {
  const all = places(interview);
  const order = new Map(all.map(({ place }, k) => [place.paragraph, k]));
  const attached: Omit<AttachedNote, 'number'>[] = [];
  const faults: NoteFault[] = [];
  for (const note of notes) {
    const fault = (why: string) =>
      faults.push({ line: note.line, message: `note "${note.id}" (${shown(note.quote)}): ${why}` });
    const bare = all.flatMap(({ place, text }) => starts(text, note.quote).map((start) => ({ place, text, start })));
    const matches = bare.filter(
      ({ text, start }) =>
        text.slice(0, start).endsWith(note.prefix) && text.startsWith(note.suffix, start + note.quote.length),
    );
    const where = (list: typeof bare) => [...new Set(list.map(({ place }) => place.paragraph))].join(', ');
    const context = [note.prefix && `after ${shown(note.prefix)}`, note.suffix && `before ${shown(note.suffix)}`]
      .filter(Boolean)
      .join(' and ');
    if (bare.length === 0) fault('its words no longer occur in the interview');
    else if (matches.length === 0)
      fault(`its words occur (${where(bare)}), but not ${context}: correct the prefix or suffix`);
    else if (matches.length > 1)
      fault(
        `its words occur ${matches.length} times (${where(matches)})${context ? `, even ${context}` : ''}: add a prefix or suffix to tell which`,
      );
    else {
      const { place, text, start } = matches[0]!;
      attached.push({ ...note, place, start, occurrence: starts(text, note.quote).indexOf(start) });
    }
  }
  // Two notes on overlapping words would nest one mark in another: the second is a fault.
  const sorted = attached.sort(
    (a, b) => order.get(a.place.paragraph)! - order.get(b.place.paragraph)! || a.start - b.start,
  );
  const kept = sorted.filter((note, k) => {
    const before = sorted[k - 1];
    if (!before || before.place.paragraph !== note.place.paragraph || before.start + before.quote.length <= note.start)
      return true;
    faults.push({
      line: note.line,
      message: `note "${note.id}" (${shown(note.quote)}): its words overlap those of note "${before.id}"; notes may not overlap`,
    });
    return false;
  });
  return { notes: kept.map((note, k) => ({ ...note, number: k + 1 })), faults: faults.sort((a, b) => a.line - b.line) };
}

/**
 * Parses and attaches in one step, as the build needs it.
 * @throws ContentError naming `file` and the first fault's line; its message lists every fault.
 */
export function annotate(interview: Interview, text: string, file: string): AttachedNote[] {
  const { notes, faults } = attachNotes(interview, parseNotes(text, file));
  const [first, ...more] = faults;
  if (first) {
    const rest = more.map((fault) => `; line ${fault.line}: ${fault.message}`).join('');
    throw new ContentError(file, first.line, `${first.message}${rest}`);
  }
  return notes;
}
