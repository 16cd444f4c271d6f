// Interview → RenderedInterview: every paragraph's Markdown rendered once, to HTML and to plain text, for every later step to read.
import type { Interview, Paragraph, Question, Section } from '../content/model.js';
import { withoutUnsafeCharacters } from '../content/characters.js';
import { plainText, renderInline } from './markdown.js';

/** One paragraph, rendered. */
export interface RenderedText {
  /** Safe inline HTML (see markdown.ts), for inside a `<p>` or heading. */
  readonly html: string;
  /** The same words without markup, for attributes, metadata, search and images. */
  readonly text: string;
  /** `text` cut near 160 characters at a word boundary: a meta description. Equal to `text` when it is short. */
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

/** One paragraph, less the characters no page may carry (control characters, unbalanced bidi controls). */
function renderText(paragraph: Paragraph): RenderedText {
  const source = withoutUnsafeCharacters(paragraph.text);
  const text = plainText(source);
  return { html: renderInline(source), text, summary: summarize(text) };
}

const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length;

/** A meta description: the text cut near 160 characters at a word boundary, with an ellipsis when cut. */
function summarize(text: string): string {
  if (text.length <= 160) return text;
  const cut = text.slice(0, 157);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 100))}…`;
}
