// The interview as data: what the parser produces and every later stage reads.

/** One line of the source text, kept verbatim (less its structural marks), with where it came from. */
export interface Paragraph {
  /** 1-based line number in the content file (front matter included). */
  readonly line: number;
  /** The words of the source, unchanged, without the leading `- ` or surrounding quotes. */
  readonly text: string;
}

/** One question and the answer that follows it. */
export interface Question {
  /** Stable id, unique across the interview: `q1`, `q2`, … in source order. Never derived from the wording. */
  readonly id: string;
  /** 1-based position in the whole interview. */
  readonly number: number;
  readonly text: Paragraph;
  /** The answer's paragraphs: the `- ` turn first, then the paragraphs that continue it. Never empty. */
  readonly answer: readonly Paragraph[];
  /** The id of each answer paragraph, in order: `q6.1`, `q6.2`, … (see paragraphId). */
  readonly paragraphIds: readonly string[];
}

/** A titled section: a heading line in double quotes and the questions under it. */
export interface Section {
  /** URL slug from the title, unique within the interview. */
  readonly slug: string;
  /** 1-based position. */
  readonly number: number;
  readonly title: Paragraph;
  /** Never empty. */
  readonly questions: readonly Question[];
}

/** Who is who, and where the text comes from: what the raw text cannot say itself. */
export interface InterviewMeta {
  /** The publication; also the speaker of the questions. Default: "Interviewer". */
  readonly outlet: string;
  /** Speaker label for the questions. Default: the outlet. */
  readonly interviewer: string;
  /** Speaker of the answers. */
  readonly interviewee: { readonly name: string; readonly role: string };
  /** BCP 47 language of the text. Default: "en". */
  readonly language: string;
  /** When the interview was published, `YYYY-MM-DD`; null when the front matter gives no date (never guessed). */
  readonly published: string | null;
  /**
   * When the editors last changed the text or its notes, `YYYY-MM-DD`, if they say so; null otherwise. Dates the
   * EPUB edition (`dcterms:modified`); see docs/content-format.md.
   */
  readonly modified: string | null;
  /** The original publication's address (an absolute http(s) URL), when known; null otherwise (never guessed). */
  readonly original: string | null;
  /** Present when the text is a machine translation. */
  readonly translation: {
    readonly from: string;
    readonly service: string;
    /** The exact last line of the text that credits the translation, in the source language. */
    readonly credit: string;
  } | null;
}

export interface Interview {
  readonly meta: InterviewMeta;
  readonly headline: Paragraph;
  /** Paragraphs between the headline and the first section; may be empty. */
  readonly lede: readonly Paragraph[];
  /** Never empty. */
  readonly sections: readonly Section[];
  /** The translation credit line, when `meta.translation` names one. */
  readonly credit: Paragraph | null;
}
