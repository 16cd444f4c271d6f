// RenderedInterview → the search index (minisearch) and its plain-data form, stored in the snapshot and loaded back.
import MiniSearch, { type Options } from 'minisearch';
import type { RenderedNote } from '../notes.js';
import { sectionPath } from '../paths.js';
import type { RenderedInterview } from '../rendered.js';
import { typesetText } from '../typography.js';
import { openSearch, type SearchDocument, type SearchIndex, type SearchNote } from './engine.js';

/** The index as plain data: what the snapshot stores. Each text is held once. */
export interface SearchIndexData {
  /** One per question, in interview order. */
  readonly documents: readonly SearchDocument[];
  /** What a section page says before its questions (outlet and speakers): a text fragment must be unique across it too. */
  readonly preamble: string;
  /** minisearch's own serialisation (`JSON.stringify(miniSearch)`). */
  readonly miniSearch: string;
}

/** The fields minisearch indexes for each question. */
interface IndexedDocument {
  readonly id: string;
  readonly question: string;
  readonly answer: string;
  readonly section: string;
  readonly notes: string;
}

/** minisearch's options: the same when building and when loading, as minisearch requires. */
const OPTIONS: Options<IndexedDocument> = {
  fields: ['question', 'answer', 'section', 'notes'],
  searchOptions: {
    // The interview's own words rank above the editors' notes on them.
    boost: { question: 2, answer: 1, section: 1.5, notes: 0.5 },
    // Prefix matching from three letters, typo tolerance from five: short words stay exact.
    prefix: (term) => term.length >= 3,
    fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
    maxFuzzy: 2,
  },
};

const indexed = (doc: SearchDocument): IndexedDocument => ({
  id: doc.id,
  question: doc.paragraphs[0]!,
  answer: doc.paragraphs.slice(1).join('\n'),
  section: doc.section,
  notes: (doc.notes ?? []).map((note) => note.text).join('\n'),
});

/** Indexes every question (question text, answer text, section title); returns the index and its plain data. */
export function indexInterview(rendered: RenderedInterview): { index: SearchIndex; data: SearchIndexData } {
  const { meta } = rendered.source;
  const searchNote = (note: RenderedNote, page: string): SearchNote => ({
    number: note.source.number,
    kindLabel: note.kindLabel,
    text: note.text,
    quote: typesetText(note.quote),
    url: `${page}#${note.refId}`,
  });
  const intro = [rendered.headline, ...rendered.lede]
    .flatMap((text) => text.notes)
    .map((note) => searchNote(note, '/'));
  const documents = rendered.sections.flatMap((section, sectionIndex) =>
    section.questions.map(({ source, question, answer }, questionIndex): SearchDocument => {
      const page = sectionPath(section.source.slug);
      // A note on the section's title goes with its first question, and the lede's with the interview's first.
      const notes = [
        ...(sectionIndex === 0 && questionIndex === 0 ? intro : []),
        ...(questionIndex === 0 ? section.title.notes.map((note) => searchNote(note, page)) : []),
        ...[question, ...answer].flatMap((text) => text.notes).map((note) => searchNote(note, page)),
      ];
      return {
        id: source.id,
        number: source.number,
        sectionNumber: section.source.number,
        sectionSlug: section.source.slug,
        // As the pages show them (typeset): snippets read as the page, and a text fragment finds its words there.
        section: typesetText(section.title.text),
        paragraphs: [question.text, ...answer.map((paragraph) => paragraph.text)].map(typesetText),
        ...(notes.length > 0 ? { notes } : {}),
      };
    }),
  );
  const miniSearch = new MiniSearch<IndexedDocument>(OPTIONS);
  miniSearch.addAll(documents.map(indexed));
  const data = {
    documents,
    preamble: [meta.outlet, meta.interviewer, meta.interviewee.name].join('\n'),
    miniSearch: JSON.stringify(miniSearch),
  };
  return { index: openSearch(miniSearch, data), data };
}

/** The index of an interview, built at once (tests, tools). */
export const buildSearchIndex = (rendered: RenderedInterview): SearchIndex => indexInterview(rendered).index;

/**
 * The index from its plain data. `batched` (the default): minisearch loads it in batches with pauses between them, so
 * a server loading the index of a 10 MB interview for a reload goes on answering requests meanwhile; at start-up,
 * before listening, there is nothing to answer, and loading it at once saves the pauses.
 */
export async function loadSearchIndex(data: SearchIndexData, batched = true): Promise<SearchIndex> {
  const miniSearch = batched
    ? await MiniSearch.loadJSONAsync<IndexedDocument>(data.miniSearch, OPTIONS)
    : MiniSearch.loadJSON<IndexedDocument>(data.miniSearch, OPTIONS);
  return openSearch(miniSearch, data);
}
