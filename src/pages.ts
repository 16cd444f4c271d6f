// Interview → the HTML of every page. Pure: the templates and asset URLs come in as values.
import type { Interview, Paragraph, Section } from './model.js';
import { plainText, renderInline } from './markdown.js';

/** A compiled template: data in, HTML out. */
export type Template = (data: object) => string;

/** One template per page kind. */
export interface Templates {
  readonly home: Template;
  readonly section: Template;
  readonly full: Template;
  readonly notFound: Template;
  readonly error: Template;
}

export interface RenderOptions {
  /** Public URLs of the stylesheet, script and icon (content-hashed). */
  readonly assets: { readonly css: string; readonly js: string; readonly icon: string };
  /** Absolute origin for canonical links, e.g. `https://reader.example`; '' gives root-relative links. */
  readonly baseUrl: string;
}

/** A rendered page: where it is served, with which status, and its HTML. */
export interface RenderedPage {
  readonly path: string;
  readonly status: number;
  readonly html: string;
}

/** What every template gets about one section. */
export interface SectionView {
  readonly slug: string;
  readonly number: number;
  readonly url: string;
  readonly title: string;
  readonly titleHtml: string;
  readonly readingMinutes: number;
  readonly questions: readonly QuestionView[];
}

export interface QuestionView {
  readonly id: string;
  readonly number: number;
  /** Root-relative URL of the question on its section page: `/sections/<slug>#q3`. */
  readonly url: string;
  readonly html: string;
  /** The question shortened for the table of contents. */
  readonly excerpt: string;
  readonly answerHtml: readonly string[];
}

const WORDS_PER_MINUTE = 200;
const EXCERPT_WORDS = 12;

/**
 * Up to this many sections, every section page's contents lists every section and question. Beyond it, a section
 * page lists only the sections within TOC_WINDOW of itself (the home page still lists all): otherwise each page
 * would carry the whole contents and the site would grow with the square of the interview.
 */
export const FULL_TOC_MAX_SECTIONS = 24;
const TOC_WINDOW = 3;

/** The URL of a section page. */
export const sectionPath = (slug: string): string => `/sections/${encodeURIComponent(slug)}`;

/** Renders every page of the interview; paths are unique and root-relative. */
export function renderPages(interview: Interview, templates: Templates, options: RenderOptions): RenderedPage[] {
  const sections = interview.sections.map(sectionView);
  const headline = plainText(interview.headline.text);
  const common = {
    interview,
    headline,
    headlineHtml: renderInline(interview.headline.text),
    ledeHtml: interview.lede.map((paragraph) => renderInline(paragraph.text)),
    sections,
    assets: options.assets,
    baseUrl: options.baseUrl,
    speakers: { question: interview.meta.interviewer, answer: interview.meta.interviewee.name },
  };
  const head = (path: string, title: string, description: string, links: { prev?: string; next?: string } = {}) => ({
    title,
    description,
    canonical: `${options.baseUrl}${path}`,
    ...links,
  });
  const description = summary(interview.lede[0] ?? interview.headline);

  const pages: RenderedPage[] = [
    { path: '/', status: 200, html: templates.home({ ...common, page: head('/', headline, description), current: null }) },
    {
      path: '/full',
      status: 200,
      html: templates.full({ ...common, page: head('/full', `Full interview · ${headline}`, description), current: null }),
    },
  ];
  sections.forEach((section, index) => {
    const prev = sections[index - 1];
    const next = sections[index + 1];
    const source = interview.sections[index]!;
    pages.push({
      path: section.url,
      status: 200,
      html: templates.section({
        ...common,
        page: head(section.url, `${section.title} · ${headline}`, summary(source.questions[0]!.text), {
          prev: prev?.url,
          next: next?.url,
        }),
        current: section,
        tocSections:
          sections.length <= FULL_TOC_MAX_SECTIONS ? sections : sections.slice(Math.max(0, index - TOC_WINDOW), index + TOC_WINDOW + 1),
        prev,
        next,
      }),
    });
  });
  pages.push({
    path: '/404',
    status: 404,
    html: templates.notFound({ ...common, page: head('/404', `Page not found · ${headline}`, description), current: null }),
  });
  return pages;
}

/** The error page is rendered the same way but kept apart: it must not depend on the content being valid. */
export function renderErrorPage(templates: Templates, options: RenderOptions): string {
  return templates.error({ assets: options.assets });
}

function sectionView(section: Section): SectionView {
  const words = section.questions
    .flatMap((question) => [question.text, ...question.answer])
    .reduce((count, paragraph) => count + wordCount(paragraph.text), 0);
  return {
    slug: section.slug,
    number: section.number,
    url: sectionPath(section.slug),
    title: plainText(section.title.text),
    titleHtml: renderInline(section.title.text),
    readingMinutes: Math.max(1, Math.round(words / WORDS_PER_MINUTE)),
    questions: section.questions.map((question) => ({
      id: question.id,
      number: question.number,
      url: `${sectionPath(section.slug)}#${question.id}`,
      html: renderInline(question.text.text),
      excerpt: excerpt(plainText(question.text.text), EXCERPT_WORDS),
      answerHtml: question.answer.map((paragraph) => renderInline(paragraph.text)),
    })),
  };
}

const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length;

/** The first `words` words, with an ellipsis when cut. */
export function excerpt(text: string, words: number): string {
  const all = text.split(/\s+/).filter(Boolean);
  return all.length <= words ? all.join(' ') : `${all.slice(0, words).join(' ')}…`;
}

/** A meta description: the paragraph's plain text, cut near 160 characters at a word boundary. */
function summary(paragraph: Paragraph): string {
  const text = plainText(paragraph.text);
  if (text.length <= 160) return text;
  const cut = text.slice(0, 157);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 100))}…`;
}
