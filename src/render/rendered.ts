// Interview → RenderedInterview: every paragraph's Markdown rendered once, to HTML and to plain text, for every later step to read.
import type { Interview, Paragraph, Question, Section } from '../content/model.js';
import { withoutUnsafeCharacters } from '../content/characters.js';
import type { AttachedNote } from '../content/notes.js';
import { cutAtWord, wordCount } from '../content/words.js';
import { plainText, renderInline } from './markdown.js';
import { renderNote, type RenderedNote } from './notes.js';

/** One paragraph, rendered. */
export interface RenderedText {
  /** Safe inline HTML (see markdown.ts), for inside a `<p>` or heading. */
  readonly html: string;
  /** The same words without markup, for attributes, metadata, search and images. */
  readonly text: string;
  /** `text` cut to 160 characters after a whole word: a meta description. `text` with its white space collapsed when it is short. */
  readonly summary: string;
  /** The editorial notes on these words, in text order; empty for most paragraphs. */
  readonly notes: readonly RenderedNote[];
}

export interface RenderedQuestion {
  readonly source: Question;
  readonly question: RenderedText;
  /** Never empty, one per answer paragraph. */
  readonly answer: readonly RenderedText[];
}

export interface RenderedSection {
  readonly source: Section;
  readonly title: RenderedText;
  readonly questions: readonly RenderedQuestion[];
  /** Words of the section's questions and answers (source text). */
  readonly words: number;
}

/** The interview with every paragraph rendered; `source` is the parsed interview it came from, unchanged. */
export interface RenderedInterview {
  readonly source: Interview;
  readonly headline: RenderedText;
  readonly lede: readonly RenderedText[];
  readonly sections: readonly RenderedSection[];
  /** Every editorial note, in text order (the order of their numbers). */
  readonly notes: readonly RenderedNote[];
}

/**
 * Renders every paragraph of `interview` once, and each editorial note with the paragraph it is on. Pure; changes
 * neither argument.
 */
export function renderInterview(interview: Interview, notes: readonly AttachedNote[] = []): RenderedInterview {
  const rendered = notes.map(renderNote);
  const on = (place: string): RenderedNote[] => rendered.filter((note) => note.source.place.paragraph === place);
  const renderText = (paragraph: Paragraph, place: string): RenderedText => {
    // Less the characters no page may carry (control characters, unbalanced bidi controls).
    const source = withoutUnsafeCharacters(paragraph.text);
    const text = plainText(source);
    return {
      html: renderInline(source),
      text,
      summary: cutAtWord(text, { chars: SUMMARY_CHARS }),
      notes: on(place),
    };
  };
  return {
    source: interview,
    headline: renderText(interview.headline, 'headline'),
    lede: interview.lede.map((paragraph, k) => renderText(paragraph, `lede.${k + 1}`)),
    sections: interview.sections.map((section) => ({
      source: section,
      title: renderText(section.title, `title.${section.number}`),
      questions: section.questions.map((question) => ({
        source: question,
        question: renderText(question.text, question.id),
        answer: question.answer.map((paragraph, k) => renderText(paragraph, question.paragraphIds[k]!)),
      })),
      words: section.questions
        .flatMap((question) => [question.text, ...question.answer])
        .reduce((count, paragraph) => count + wordCount(paragraph.text), 0),
    })),
    notes: rendered,
  };
}

/** A meta description's length: search engines show about this much. */
const SUMMARY_CHARS = 160;
