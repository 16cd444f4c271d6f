// The page templates as the render stage receives them: compiled functions, one per page kind (loaded elsewhere).

/** A compiled template: data in, HTML out. */
export type Template = (data: object) => string;

/** One template per page kind. */
export interface Templates {
  readonly home: Template;
  readonly section: Template;
  readonly full: Template;
  readonly notFound: Template;
  readonly error: Template;
  /** One question on its own page, for sharing. */
  readonly question: Template;
  /** Search results; the one page rendered per request. */
  readonly search: Template;
  /** Every editorial note, by kind: the interview's corrections log. */
  readonly notes: Template;
}

/** The template files, by page kind: `views/<name>.ejs`. */
export const TEMPLATE_FILES: Readonly<Record<keyof Templates, string>> = {
  home: 'home',
  section: 'section',
  full: 'full',
  notFound: 'not-found',
  error: 'error',
  question: 'question-page',
  search: 'search',
  notes: 'notes',
};
