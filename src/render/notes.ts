// Editorial notes, rendered: each note's text through the interview's own sanitiser, and the marks around its words. Pure.
import { withoutUnsafeCharacters } from '../content/characters.js';
import { ContentError } from '../content/errors.js';
import type { AttachedNote, NoteKind } from '../content/notes.js';
import { plainText, renderInline } from './markdown.js';
import { displayDate } from './text.js';

/** What a reader is told a note is: always the editor's, never the speaker's. */
export const NOTE_KIND_LABELS: Readonly<Record<NoteKind, string>> = {
  correction: 'Translation slip',
  context: 'Context',
  translation: 'Word choice',
};

/** One note, rendered once for every page, the EPUB and search. */
export interface RenderedNote {
  readonly source: AttachedNote;
  /** The note's own words: safe inline HTML. */
  readonly html: string;
  /** The same without markup. */
  readonly text: string;
  /** The words it is about, as plain text. */
  readonly quote: string;
  /** "Translation slip", "Context" or "Word choice". */
  readonly kindLabel: string;
  /** "Editor's note 3, translation slip": what the mark is described by, and the note is named by. */
  readonly name: string;
  /** The anchor of the note (`note-<id>`) and of its mark (`noteref-<id>`). */
  readonly noteId: string;
  readonly refId: string;
  /** Who wrote it and when, ready to show ("Reader editors, 3 December 2026"), or ''. */
  readonly credit: string;
}

/** Renders a note's text and names. */
export function renderNote(note: AttachedNote): RenderedNote {
  const kindLabel = NOTE_KIND_LABELS[note.kind];
  const date = note.date ? displayDate(note.date) : '';
  return {
    source: note,
    html: renderInline(withoutUnsafeCharacters(note.text)),
    text: plainText(withoutUnsafeCharacters(note.text)),
    quote: plainText(withoutUnsafeCharacters(note.quote)),
    kindLabel,
    name: `Editor's note ${note.number}, ${kindLabel.toLowerCase()}`,
    noteId: `note-${note.id}`,
    refId: `noteref-${note.id}`,
    credit: [note.by, date].filter(Boolean).join(', '),
  };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
const decode = (entity: string): string =>
  entity.startsWith('&#x') || entity.startsWith('&#X')
    ? String.fromCodePoint(parseInt(entity.slice(3, -1), 16))
    : entity.startsWith('&#')
      ? String.fromCodePoint(Number(entity.slice(2, -1)))
      : (ENTITIES[entity.slice(1, -1)] ?? entity);

/**
 * The HTML of one paragraph with each note's words wrapped by `wrap`. The words are found in the HTML's text (tags
 * skipped, entities decoded) as the `occurrence`-th match of the note's quote, as attachNotes counted them in the
 * source; the mark goes around them, and no character is added inside the sentence.
 * @throws ContentError (the notes file and the note's line) when the words cross a tag boundary unevenly, e.g. half
 *   inside an emphasis: then no well-formed mark can hold them.
 */
export function markNotes(
  html: string,
  notes: readonly RenderedNote[],
  wrap: (note: RenderedNote, inner: string) => string,
): string {
  if (notes.length === 0) return html;
  // The text of the HTML, each character with its offset in the HTML.
  const text: string[] = [];
  const at: number[] = [];
  for (let i = 0; i < html.length;) {
    if (html[i] === '<') {
      i = html.indexOf('>', i) + 1 || html.length;
    } else if (html[i] === '&') {
      const end = html.indexOf(';', i);
      const entity = end === -1 ? '&' : html.slice(i, end + 1);
      for (const char of decode(entity)) {
        text.push(char);
        at.push(i);
      }
      i += entity.length;
    } else {
      text.push(html[i]!);
      at.push(i);
      i += 1;
    }
  }
  const plain = text.join('');
  const ranges = notes.map((note) => {
    let start = -1;
    for (let k = 0; k <= note.source.occurrence; k++) start = plain.indexOf(note.quote, start + 1);
    if (start === -1) start = plain.indexOf(note.quote);
    if (start === -1)
      throw new ContentError(
        note.source.file,
        note.source.line,
        `note "${note.source.id}": its words are not in the text as shown (Markdown in them turns into something else): quote words outside links and emphasis, or around all of it`,
      );
    const from = at[start]!;
    const lastChar = start + note.quote.length - 1;
    const to = html[at[lastChar]!] === '&' ? html.indexOf(';', at[lastChar]) + 1 : at[lastChar]! + 1;
    const inner = html.slice(from, to);
    // A mark is a link: it cannot stand inside a link of the text, nor hold one.
    const linksOpen = (part: string) => (part.match(/<a[\s>]/gi) ?? []).length - (part.match(/<\/a>/gi) ?? []).length;
    if (linksOpen(html.slice(0, from)) > 0 || /<a[\s>]/i.test(inner)) {
      throw new ContentError(
        note.source.file,
        note.source.line,
        `note "${note.source.id}": its words are in a link of the text, and a note's mark is a link itself; quote words outside the link`,
      );
    }
    if (!balanced(inner)) {
      throw new ContentError(
        note.source.file,
        note.source.line,
        `note "${note.source.id}": its words cross the edge of a link or emphasis; quote words inside it or around all of it`,
      );
    }
    return { note, from, to, inner };
  });
  let out = '';
  let last = 0;
  for (const range of ranges.sort((a, b) => a.from - b.from)) {
    out += html.slice(last, range.from) + wrap(range.note, range.inner);
    last = range.to;
  }
  return out + html.slice(last);
}

/** Whether every tag opened in `html` is closed in it, and none is closed that was not opened. */
function balanced(html: string): boolean {
  const open: string[] = [];
  for (const [, closing, name] of html.matchAll(/<(\/?)([a-z]+)[^>]*>/gi)) {
    if (name!.toLowerCase() === 'br') continue;
    if (!closing) open.push(name!.toLowerCase());
    else if (open.pop() !== name!.toLowerCase()) return false;
  }
  return open.length === 0;
}
