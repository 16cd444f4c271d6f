// Interview → RenderedInterview: every paragraph's Markdown rendered once, to HTML and to plain text, for every later step to read.
import type { Interview, Paragraph, Question, Section } from '../content/model.js';
import { cutAtWord, wordCount } from '../content/words.js';
import { plainText, renderInline } from './markdown.js';

/** One paragraph, rendered. */
export interface RenderedText {
  /** Safe inline HTML (see markdown.ts), for inside a `<p>` or heading. */
  readonly html: string;
  /** The same words without markup, for attributes, metadata, search and images. */
  readonly text: string;
  /** `text` cut to 160 characters after a whole word: a meta description. `text` with its white space collapsed when it is short. */
  readonly summary: string;
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
}

/** Renders every paragraph of `interview` once. Pure; does not change `interview`. */
export function renderInterview(interview: Interview): RenderedInterview {
  return {
    source: interview,
    headline: renderText(interview.headline),
    lede: interview.lede.map(renderText),
    sections: interview.sections.map((section) => ({
      source: section,
      title: renderText(section.title),
      questions: section.questions.map((question) => ({
        source: question,
        question: renderText(question.text),
        answer: question.answer.map(renderText),
      })),
      words: section.questions
        .flatMap((question) => [question.text, ...question.answer])
        .reduce((count, paragraph) => count + wordCount(paragraph.text), 0),
    })),
  };
}

function renderText(paragraph: Paragraph): RenderedText {
  const text = plainText(paragraph.text);
  return { html: renderInline(paragraph.text), text, summary: cutAtWord(text, { chars: SUMMARY_CHARS }) };
}

/** A meta description's length: search engines show about this much. */
const SUMMARY_CHARS = 160;
