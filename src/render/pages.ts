// RenderedInterview → the HTML of every page built in advance. Pure: the templates and asset URLs come in as values.
import { cutAtWord } from '../content/words.js';
import type { RenderedInterview } from './rendered.js';
import type { Templates } from './templates.js';
import { shareLink } from './share.js';
import { typesetText } from './typography.js';
import { commonView, notesByKind, type RenderOptions } from './views.js';

/** A rendered page: where it is served, with which status, and its HTML. */
export interface RenderedPage {
  readonly path: string;
  readonly status: number;
  readonly html: string;
}

/**
 * Up to this many sections, every section page's contents lists every section and question. Beyond it, a section
 * page lists only the sections within TOC_WINDOW of itself (the home page still lists all): otherwise each page
 * would carry the whole contents and the site would grow with the square of the interview.
 */
export const FULL_TOC_MAX_SECTIONS = 24;
const TOC_WINDOW = 3;

/**
 * The sections a page's contents lists: all of them, or past FULL_TOC_MAX_SECTIONS those within `window` of
 * section `index`. Question pages, one per question, use a window of 0 (their own section): they are the bulk of a
 * large site, and each already links to its section and to the neighbouring questions.
 */
function tocAround<T>(sections: readonly T[], index: number, window = TOC_WINDOW): readonly T[] {
  return sections.length <= FULL_TOC_MAX_SECTIONS
    ? sections
    : sections.slice(Math.max(0, index - window), index + window + 1);
}

/** Renders every page of the interview; paths are unique and root-relative. */
export function renderPages(rendered: RenderedInterview, templates: Templates, options: RenderOptions): RenderedPage[] {
  const { common: view, description, head } = commonView(rendered, options);
  // The templates' one helper, beside the plain data: the share control's markup, the search hits' too (share.ts).
  const common = { ...view, shareLink };
  const { sections, headlineBy } = common;
  const home = (path: string, title: string, page: string) =>
    head(path, title, description, {}, { type: 'website', headline: headlineBy, section: undefined, page });

  const pages: RenderedPage[] = [
    { path: '/', status: 200, html: templates.home({ ...common, page: home('/', headlineBy, 'home'), current: null }) },
    {
      path: '/full',
      status: 200,
      html: templates.full({ ...common, page: home('/full', `Full interview · ${headlineBy}`, 'full'), current: null }),
    },
  ];
  sections.forEach((section, index) => {
    const prev = sections[index - 1];
    const next = sections[index + 1];
    const page = head(
      section.url,
      `${section.title} · ${headlineBy}`,
      rendered.sections[index]!.questions[0]!.question.summary,
      { prev: prev?.url, next: next?.url },
      { type: 'article', headline: section.title, section: section.title, page: `section:${section.slug}` },
    );
    pages.push({
      path: section.url,
      status: 200,
      html: templates.section({
        ...common,
        page,
        current: section,
        tocSections: tocAround(sections, index),
        prev,
        next,
      }),
    });
  });
  const questions = sections.flatMap((section, sectionIndex) =>
    section.questions.map((question, questionIndex) => ({
      section,
      sectionIndex,
      question,
      source: rendered.sections[sectionIndex]!.questions[questionIndex]!,
    })),
  );
  questions.forEach(({ section, sectionIndex, question, source }, index) => {
    const prevQuestion = questions[index - 1];
    const nextQuestion = questions[index + 1];
    const page = head(
      question.pageUrl,
      `${cutAtWord(typesetText(source.question.text), { chars: 90 })} · ${headlineBy}`,
      source.answer[0]!.summary,
      { prev: prevQuestion?.question.pageUrl, next: nextQuestion?.question.pageUrl },
      {
        type: 'article',
        headline: typesetText(source.question.text),
        section: section.title,
        page: `question:${question.id}`,
      },
    );
    pages.push({
      path: question.pageUrl,
      status: 200,
      html: templates.question({
        ...common,
        page,
        current: section,
        tocSections: tocAround(sections, sectionIndex, 0),
        question,
        prevQuestion,
        nextQuestion,
      }),
    });
  });
  if (rendered.notes.length > 0) {
    pages.push({
      path: '/notes',
      status: 200,
      html: templates.notes({
        ...common,
        page: head(
          '/notes',
          `Editor's notes · ${headlineBy}`,
          `The editors' notes on the machine translation of the interview: ${rendered.notes.length} notes on its slips, the people and things it names, and its word choices.`,
        ),
        current: null,
        groups: notesByKind(rendered, options),
      }),
    });
  }
  pages.push({
    path: '/404',
    status: 404,
    html: templates.notFound({
      ...common,
      page: head('/404', `Page not found · ${headlineBy}`, description),
      current: null,
    }),
  });
  return pages;
}

/** The error page is rendered the same way but kept apart: it must not depend on the content being valid. */
export function renderErrorPage(templates: Templates, options: RenderOptions): string {
  return templates.error({ assets: options.assets });
}
