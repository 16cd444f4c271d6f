// Interview → the HTML of every page. Pure: the templates and asset URLs come in as values.
import type { Interview, Paragraph, Section } from './model.js';
import { plainText, renderInline } from './markdown.js';
import { textFragment, type SearchIndex } from './search.js';
import { newsArticle, serializeJsonLd, socialMeta } from './seo.js';

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
}

export interface RenderOptions {
  /** Public URLs of the stylesheet, script and icon (content-hashed). */
  readonly assets: {
    readonly css: string;
    readonly js: string;
    readonly icon: string;
    /** Font URLs to preload (the body face), content-hashed. Default: none. */
    readonly preload?: readonly string[];
  };
  /** Absolute origin for canonical links, e.g. `https://reader.example`; '' gives root-relative links. */
  readonly baseUrl: string;
  /** Current question id → older ids kept as alias anchors in its HTML (from the anchor lock). Default: none. */
  readonly questionAliases?: ReadonlyMap<string, readonly string[]>;
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

/** One answer paragraph: its stable id (`q6.2`: question 6, paragraph 2 of its answer) and its HTML. */
export interface ParagraphView {
  readonly id: string;
  readonly html: string;
}

export interface QuestionView {
  readonly id: string;
  readonly number: number;
  /** Root-relative URL of the question on its section page: `/sections/<slug>#q3`. */
  readonly url: string;
  readonly html: string;
  /** The question shortened for the table of contents and the pagers: cut at a word boundary, never after a dangling short word. */
  readonly excerpt: string;
  readonly answerHtml: readonly string[];
  /** The answer's paragraphs with their ids, for paragraph permalinks. */
  readonly answer: readonly ParagraphView[];
  /** Root-relative URL of the question's own page: `/questions/q3`. */
  readonly pageUrl: string;
  /** The URL every copy and share control hands out: the base URL and the question's own page. */
  readonly shareUrl: string;
  /** Older ids of this question, rendered as empty elements with those ids so old links still land here. */
  readonly aliases: readonly string[];
}

const WORDS_PER_MINUTE = 200;
/** Contents excerpts: long enough to recognise a question (about two lines of the sidebar). */
const EXCERPT_CHARS = 96;

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
  return sections.length <= FULL_TOC_MAX_SECTIONS ? sections : sections.slice(Math.max(0, index - window), index + window + 1);
}

/** The URL of a section page. */
export const sectionPath = (slug: string): string => `/sections/${encodeURIComponent(slug)}`;

/** The URL of a question's own page. */
export const questionPath = (id: string): string => `/questions/${encodeURIComponent(id)}`;

/** Renders every page of the interview; paths are unique and root-relative. */
export function renderPages(interview: Interview, templates: Templates, options: RenderOptions): RenderedPage[] {
  const { common, sections, headline, description, head } = commonView(interview, options);
  const home = (path: string, title: string) =>
    head(path, title, description, {}, { type: 'website', headline, section: undefined });

  const pages: RenderedPage[] = [
    { path: '/', status: 200, html: templates.home({ ...common, page: home('/', headline), current: null }) },
    {
      path: '/full',
      status: 200,
      html: templates.full({ ...common, page: home('/full', `Full interview · ${headline}`), current: null }),
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
        page: head(
          section.url,
          `${section.title} · ${headline}`,
          summary(source.questions[0]!.text),
          { prev: prev?.url, next: next?.url },
          { type: 'article', headline: section.title, section: section.title },
        ),
        current: section,
        tocSections: tocAround(sections, index),
        prev,
        next,
      }),
    });
  });
  const questions = sections.flatMap((section, sectionIndex) => section.questions.map((question) => ({ section, sectionIndex, question })));
  const sources = interview.sections.flatMap((section) => section.questions);
  questions.forEach(({ section, sectionIndex, question }, index) => {
    const prevQuestion = questions[index - 1];
    const nextQuestion = questions[index + 1];
    const source = sources[index]!;
    const title = excerptChars(plainText(source.text.text), 90);
    pages.push({
      path: question.pageUrl,
      status: 200,
      html: templates.question({
        ...common,
        page: head(
          question.pageUrl,
          `${title} · ${headline}`,
          summary(source.answer[0]!),
          { prev: prevQuestion?.question.pageUrl, next: nextQuestion?.question.pageUrl },
          { type: 'article', headline: plainText(source.text.text), section: section.title },
        ),
        current: section,
        tocSections: tocAround(sections, sectionIndex, 0),
        question,
        prevQuestion,
        nextQuestion,
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

/**
 * Prepares the search page once (the view data every page shares) and returns the function that
 * renders it for one query: the index is searched and the compiled template filled, nothing else.
 */
export function searchPageRenderer(
  interview: Interview,
  templates: Templates,
  options: RenderOptions,
  index: SearchIndex,
): (query: string, mode?: { staticExport?: { script?: string } }) => string {
  const { common, headline, head } = commonView(interview, options);
  return (raw, mode = {}) => {
    const results = index.search(raw);
    const hits = results.hits.map((hit) => ({
      ...hit,
      // The text fragment highlights the words on the target page; it lives in the link only.
      url: `${sectionPath(hit.sectionSlug)}#${hit.questionId}${textFragment(hit.fragmentText ? [hit.fragmentText] : [])}`,
      pageUrl: questionPath(hit.questionId),
      shareUrl: `${options.baseUrl}${questionPath(hit.questionId)}`,
    }));
    const title = results.query ? `Search: ${results.query} · ${headline}` : `Search · ${headline}`;
    return templates.search({
      ...common,
      page: { ...head('/search', title, `Search the interview: ${headline}`), robots: 'noindex' },
      current: null,
      searchQuery: results.query,
      staticExport: mode.staticExport ?? null,
      results,
      hits,
    });
  };
}

/** The view data every page shares, and the helper that builds a page's head (title, canonical, social tags). */
function commonView(interview: Interview, options: RenderOptions) {
  const aliases = options.questionAliases ?? new Map<string, readonly string[]>();
  const sections = interview.sections.map((section) => sectionView(section, aliases, options.baseUrl));
  const headline = plainText(interview.headline.text);
  const { meta } = interview;
  const common = {
    interview,
    headline,
    headlineHtml: renderInline(interview.headline.text),
    ledeHtml: interview.lede.map((paragraph) => renderInline(paragraph.text)),
    sections,
    assets: options.assets,
    baseUrl: options.baseUrl,
    speakers: { question: interview.meta.interviewer, answer: interview.meta.interviewee.name },
    byline: {
      outlet: meta.outlet,
      interviewee: meta.interviewee.name,
      role: meta.interviewee.role,
      /** The original's language in English ("Russian"), or null for a text that is not a translation. */
      translatedFrom: meta.translation ? (new Intl.DisplayNames(['en'], { type: 'language' }).of(meta.translation.from) ?? meta.translation.from) : null,
      /** Reading time of the whole interview, at the same rate as each section's. */
      readingMinutes: Math.max(1, Math.round(interviewWords(interview) / WORDS_PER_MINUTE)),
    },
    searchQuery: '',
  };
  const description = summary(interview.lede[0] ?? interview.headline);
  const head = (
    path: string,
    title: string,
    pageDescription: string,
    links: { prev?: string; next?: string } = {},
    share?: { type: 'website' | 'article'; headline: string; section: string | undefined },
  ) => ({
    title,
    description: pageDescription,
    canonical: `${options.baseUrl}${path}`,
    ...links,
    ...(share
      ? {
          // A share card and a JSON-LD headline are short (Google: at most 110 characters), and carry no site suffix.
          social: socialMeta(interview, options.baseUrl, {
            path,
            title: excerptChars(share.headline, 110),
            description: pageDescription,
            type: share.type,
            section: share.section,
          }),
          jsonLd: serializeJsonLd(
            newsArticle(interview, options.baseUrl, {
              path,
              headline: excerptChars(share.headline, 110),
              description: pageDescription,
              section: share.section,
            }),
          ),
        }
      : {}),
  });
  return { common, sections, headline, description, head };
}

/** The error page is rendered the same way but kept apart: it must not depend on the content being valid. */
export function renderErrorPage(templates: Templates, options: RenderOptions): string {
  return templates.error({ assets: options.assets });
}

function sectionView(section: Section, aliases: ReadonlyMap<string, readonly string[]>, baseUrl: string): SectionView {
  const words = sectionWords(section);
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
      excerpt: excerptAtWord(plainText(question.text.text), EXCERPT_CHARS),
      answerHtml: question.answer.map((paragraph) => renderInline(paragraph.text)),
      answer: question.answer.map((paragraph, index) => ({ id: `${question.id}.${index + 1}`, html: renderInline(paragraph.text) })),
      pageUrl: questionPath(question.id),
      shareUrl: `${baseUrl}${questionPath(question.id)}`,
      aliases: aliases.get(question.id) ?? [],
    })),
  };
}

const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length;

const sectionWords = (section: Section): number =>
  section.questions.flatMap((question) => [question.text, ...question.answer]).reduce((count, paragraph) => count + wordCount(paragraph.text), 0);

const interviewWords = (interview: Interview): number =>
  [interview.headline, ...interview.lede].reduce((count, paragraph) => count + wordCount(paragraph.text), 0) +
  interview.sections.reduce((count, section) => count + sectionWords(section), 0);

/** Short words an excerpt must not end on: "…due to sanctions in the…" reads as cut mid-phrase. */
const DANGLING = new Set(
  'a an the and or but of in on at to by for from with as into than that which who whom whose is are was were be been has have had do does did its their our your his her this these those there about after before between over under amid so if not no'.split(' '),
);

/**
 * The text cut to at most `max` characters at a word boundary, with an ellipsis when cut; a cut never ends on a
 * short function word or on punctuation, and ends at a sentence end when one falls in the second half.
 */
export function excerptAtWord(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const sentenceEnd = clean.slice(0, max).search(/[.?!](?=\s)[^.?!]*$/);
  if (sentenceEnd >= max / 2) return clean.slice(0, sentenceEnd + 1);
  const words = clean.slice(0, max).split(' ');
  words.pop(); // the last piece may be a cut word
  while (words.length > 3 && DANGLING.has(words.at(-1)!.toLowerCase().replace(/[^\p{L}]/gu, ''))) words.pop();
  return `${words.join(' ').replace(/[\s\p{P}]+$/u, '')}…`;
}

/** The first `words` words, with an ellipsis when cut. */
export function excerpt(text: string, words: number): string {
  const all = text.split(/\s+/).filter(Boolean);
  return all.length <= words ? all.join(' ') : `${all.slice(0, words).join(' ')}…`;
}

/** The first `max` characters of `text`, cut at a word boundary, with an ellipsis when cut. */
function excerptChars(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2))}…`;
}

/** A meta description: the paragraph's plain text, cut near 160 characters at a word boundary. */
function summary(paragraph: Paragraph): string {
  const text = plainText(paragraph.text);
  if (text.length <= 160) return text;
  const cut = text.slice(0, 157);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 100))}…`;
}
