// Editorial notes in the EPUB: noterefs around the words, footnotes with links back, and the notes log. Pure.
import { NOTE_KINDS, type NoteKind } from '../../content/notes.js';
import { markNotes, type RenderedNote } from '../notes.js';
import type { RenderedInterview } from '../rendered.js';
import { typesetText } from '../typography.js';
import { xhtmlFromHtml, xmlChars, xmlText } from './xhtml.js';

/** The notes log's file, relative to the package document. */
export const NOTES_FILE = 'notes.xhtml';

/** The heading of each group in the notes log, in NOTE_KINDS order. */
const GROUP_HEADINGS: Readonly<Record<NoteKind, string>> = {
  correction: 'Translation slips',
  context: 'Context',
  translation: 'Word choices',
};

/**
 * A paragraph's XHTML with each note's words wrapped in an EPUB 3 noteref: a link to the note's footnote in the same
 * document, which Apple Books opens as a pop-up and other readers follow. The words themselves are the link, so no
 * character (no superscript number) enters the sentence: its text content is the source's, and the target is the
 * words, larger than a digit would be.
 */
export function withNoterefs(xhtml: string, notes: readonly RenderedNote[]): string {
  // The XHTML holds U+FFFD where the text had a character XML cannot hold; the quote is looked up the same way.
  const inXhtml = notes.map((note) => ({ ...note, quote: xmlChars(note.quote) }));
  return markNotes(
    xhtml,
    inXhtml,
    (note, inner) =>
      `<a class="noteref" epub:type="noteref" role="doc-noteref" href="#${note.noteId}" id="${note.refId}" aria-describedby="${note.noteId}-label">${inner}</a>`,
  );
}

/** The words a note is about and, for a correction, what they most likely should be: XHTML. */
function quoted(note: RenderedNote): string {
  const correct = note.source.correct;
  return (
    `<q class="note-quote">${xmlText(typesetText(note.quote))}</q>` +
    (correct === null ? '' : `, most likely <q class="note-correct">${xmlText(correct)}</q>`)
  );
}

/**
 * The footnotes of some noterefs, each an `aside` (`epub:type="footnote"`, `role="doc-footnote"`) labelled as the
 * editor's, with the words, the note and a link back. Reading systems that pop footnotes up hide them in the flow;
 * the others show them where they stand, after the answer (or at the end of the section or the title page).
 * @param indent put before each line.
 * @returns '' when there are no notes.
 */
export function footnotesXhtml(notes: readonly RenderedNote[], indent: string): string {
  return notes
    .map((note) => {
      const { number, kind } = note.source;
      const credit = note.credit ? `<span class="note-credit">${xmlText(note.credit)}</span> ` : '';
      return [
        `<aside class="note note-${kind}" epub:type="footnote" role="doc-footnote" id="${note.noteId}" aria-labelledby="${note.noteId}-label">`,
        `  <p class="note-head" id="${note.noteId}-label">Editor's note ${number} · ${xmlText(note.kindLabel)}</p>`,
        `  <p class="note-text">${quoted(note)}: ${xhtmlFromHtml(note.html)}</p>`,
        `  <p class="note-foot">${credit}<a class="note-back" role="doc-backlink" href="#${note.refId}" aria-label="Back to the text of note ${number}">↩</a></p>`,
        `</aside>`,
      ]
        .map((line) => `${indent}${line}\n`)
        .join('');
    })
    .join('');
}

/**
 * The body of the notes log, the interview's corrections log: every note grouped by kind (corrections first, as
 * NOTE_KINDS orders them), in text order within a group, numbered as its mark, each with a link to its words.
 * It lists the notes and links to them; it holds no footnote of its own, so every note id stays unique and a
 * pop-up always opens the note beside its words.
 * @param fileOf the file of a section, by its number.
 * @returns null when the interview has no notes (then the EPUB has no notes log).
 */
export function notesLogBody(rendered: RenderedInterview, fileOf: (section: number) => string): string | null {
  if (rendered.notes.length === 0) return null;
  const questions = new Map(
    rendered.sections.flatMap((section) => section.questions.map(({ source }) => [source.id, source.number])),
  );
  const where = (note: RenderedNote): { href: string; label: string } => {
    const { section, question, paragraph } = note.source.place;
    if (section === null)
      return {
        href: `title.xhtml#${note.refId}`,
        label: paragraph === 'headline' ? 'The headline' : 'The introduction',
      };
    const label =
      question === null ? `Title of section ${section}` : `Section ${section}, question ${questions.get(question)}`;
    return { href: `${fileOf(section)}#${note.refId}`, label };
  };
  const groups = NOTE_KINDS.map((kind) => ({ kind, notes: rendered.notes.filter((note) => note.source.kind === kind) }))
    .filter((group) => group.notes.length > 0)
    .map(({ kind, notes }) => {
      const items = notes.map((note) => {
        const { href, label } = where(note);
        const credit = note.credit ? ` <span class="note-credit">${xmlText(note.credit)}</span>` : '';
        return (
          `      <li value="${note.source.number}" id="log-${note.source.id}">\n` +
          `        <p class="note-where"><a href="${href}">${label}</a></p>\n` +
          `        <p class="note-text">${quoted(note)}: ${xhtmlFromHtml(note.html)}${credit}</p>\n` +
          `      </li>`
        );
      });
      return (
        `  <section class="notes-group" id="notes-${kind}" aria-labelledby="notes-${kind}-heading">\n` +
        `    <h2 id="notes-${kind}-heading">${GROUP_HEADINGS[kind]} (${notes.length})</h2>\n` +
        `    <ol class="notes-list">\n${items.join('\n')}\n    </ol>\n  </section>`
      );
    });
  const count = rendered.notes.length === 1 ? 'One note' : `${rendered.notes.length} notes`;
  return (
    `<section class="notes-log" id="notes" aria-labelledby="notes-heading">\n` +
    `  <h1 id="notes-heading">Editor's notes</h1>\n` +
    `  <p class="notes-intro">${count} by the editors on the text and its translation, by kind and in the order of ` +
    `the text. Each is numbered as in the text and links to the words it is about. The notes are the editors', not ` +
    `the speakers'.</p>\n` +
    `${groups.join('\n')}\n</section>`
  );
}
