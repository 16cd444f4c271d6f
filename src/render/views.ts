// RenderedInterview → the view data every template gets: sections and questions as the pages show them, and each page's head.
import type { InterviewMeta } from '../content/model.js';
import { questionPath, sectionPath } from './paths.js';
import { cutAtWord, wordCount } from '../content/words.js';
import { markNotes, type RenderedNote } from './notes.js';
import { displayDate, languageName } from './text.js';
import { quotation, typesetHtml, typesetText } from './typography.js';
import type { RenderedInterview, RenderedSection, RenderedText } from './rendered.js';
import { newsArticle, serializeJsonLd, socialMeta } from './seo.js';
import { quoteCredit } from './share.js';

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
  /** Current paragraph id → older ids kept as alias anchors in it (from the anchor lock). Default: none. */
  readonly paragraphAliases?: ReadonlyMap<string, readonly string[]>;
  /** Current note id → its older ids (from the anchor lock), kept as alias anchors. Default: none. */
  readonly noteAliases?: ReadonlyMap<string, readonly string[]>;
  /** Each shareable page's preview image, by page (`home`, `full`, `section:<slug>`, `question:<id>`). Default: none. */
  readonly images?: ReadonlyMap<string, PreviewImageRef>;
  /** The EPUB of the interview, linked from the home page and /full. Default: none. */
  readonly epub?: DownloadRef;
}

/** A file to download: its root-relative URL, the name to save it as, and its size. */
export interface DownloadRef {
  readonly url: string;
  readonly filename: string;
  readonly bytes: number;
}

/** A preview image as a page names it: its absolute URL and what it shows. */
export interface PreviewImageRef {
  readonly url: string;
  /** The text on the image, for `og:image:alt`. */
  readonly alt: string;
  readonly width: number;
  readonly height: number;
  readonly type: string;
}

/** An editorial note as the pages list it (views/partials/notes.ejs) and a mark links to it. */
export interface NoteView {
  readonly id: string;
  readonly number: number;
  readonly kind: string;
  /** "Translation slip", "Context" or "Word choice". */
  readonly kindLabel: string;
  /** The note's anchor (`note-<id>`) and its mark's (`noteref-<id>`). */
  readonly noteId: string;
  readonly refId: string;
  /** The words it is about, plain text, and for a correction what they most likely should be (or null). */
  readonly quote: string;
  readonly correct: string | null;
  /** The note's text: safe inline HTML. */
  readonly html: string;
  /** "Reader editors, 3 December 2026", or ''. */
  readonly credit: string;
  /** Older ids of the note (from the anchor lock), kept as alias anchors. */
  readonly aliases: readonly string[];
  /** Where its words stand, as a link: the mark on its section page (`/sections/<slug>#noteref-<id>`), or the home page's. */
  readonly placeUrl: string;
  /** Where its words stand, in words: "Introduction", "Section 2, title", "Question 3", "Question 3, answer". */
  readonly placeLabel: string;
}

/** The /notes page's groups: every note in text order, by kind, corrections first. */
export interface NotesByKind {
  readonly kind: string;
  readonly heading: string;
  readonly notes: readonly NoteView[];
}

/** What every template gets about one section. */
export interface SectionView {
  readonly slug: string;
  readonly number: number;
  readonly url: string;
  readonly title: string;
  /** The title with its notes' words marked: for the section's own heading. */
  readonly titleHtml: string;
  /** The notes on the title, listed at the end of the section. */
  readonly titleNotes: readonly NoteView[];
  readonly readingMinutes: number;
  readonly questions: readonly QuestionView[];
}

export interface QuestionView {
  readonly id: string;
  readonly number: number;
  /** Root-relative URL of the question on its section page: `/sections/<slug>#q3`. */
  readonly url: string;
  /** The question, its notes' words marked. */
  readonly html: string;
  /** The question as plain text, set typographically: the home page's contents show it whole. */
  readonly text: string;
  /** The question cut at a word for the side contents and the previous/next cards. */
  readonly excerpt: string;
  /** The notes on the question and its answer, in text order, listed after the answer. */
  readonly notes: readonly NoteView[];
  /** The answer's paragraphs (their notes' words marked) with their ids (`q3.2`) and older ids kept as alias anchors. */
  readonly answer: readonly { readonly id: string; readonly html: string; readonly aliases: readonly string[] }[];
  /** Root-relative URL of the question's own page: `/questions/q3`. */
  readonly pageUrl: string;
  /**
   * The one link handed out for this question, by every copy and share control on every page kind: its own page,
   * absolute (`https://reader.example/questions/q3`), which previews as the question. Root-relative without an origin.
   */
  readonly shareUrl: string;
  /** Older ids of this question, rendered as empty elements with those ids so old links still land here. */
  readonly aliases: readonly string[];
}

/** A page's `<head>` data: title, description, canonical, prev/next links, and for shareable pages the social tags and JSON-LD. */
export interface PageHead {
  readonly title: string;
  readonly description: string;
  readonly canonical: string;
  readonly prev?: string | undefined;
  readonly next?: string | undefined;
  readonly social?: ReturnType<typeof socialMeta>;
  readonly jsonLd?: string;
  /** Highwire Press tags for reference managers (Zotero, Google Scholar). */
  readonly citation?: CitationMeta;
  readonly robots?: string;
}

/** What a shareable page says about itself in its social tags and JSON-LD. */
export interface ShareInfo {
  readonly type: 'website' | 'article';
  readonly headline: string;
  readonly section: string | undefined;
  /** Which page this is, for its preview image: `home`, `full`, `section:<slug>`, `question:<id>`. */
  readonly page: string;
}

/** The `citation_*` tags: the page as a reference manager files it. */
export interface CitationMeta {
  readonly title: string;
  /** The interviewee: the one whose words these are. */
  readonly author: string;
  readonly publisher: string;
  readonly language: string;
  /** `YYYY-MM-DD`, only when the front matter gives `published:`. */
  readonly date: string | null;
}

const WORDS_PER_MINUTE = 200;
/**
 * Contents entries. The home page's contents are the page, in the text column: they show each question whole. The
 * side contents (a 232 px column on a wide screen, a disclosure on a phone) and the previous/next cards show its
 * first 90 characters cut at a word: about three lines of the column, two at 390 px, so all nine questions and four
 * titles take about the height of a 900 px screen. `design.test.ts` checks the lines at 390 and 1280.
 */
const EXCERPT_CHARS = 90;

/** The view data every page shares: plain data only (it is stored with the search page in the snapshot). */
export interface CommonView {
  readonly interview: RenderedInterview['source'];
  /** The headline as a quotation, set typographically: `“The only people … diplomats”`. */
  readonly headline: string;
  /** The same with the speaker's name: `“…” — Georgy Zinoviev`, for titles and cards that name no one else. */
  readonly headlineBy: string;
  /** The headline's HTML as a quotation (its notes' words marked), for the `<h1>` and a question page's top. */
  readonly headlineHtml: string;
  readonly ledeHtml: readonly string[];
  /** The notes on the headline and the lede, listed after the lede. */
  readonly introNotes: readonly NoteView[];
  /** How many editorial notes there are (the byline links to /notes when there are any). */
  readonly noteCount: number;
  readonly sections: readonly SectionView[];
  readonly assets: RenderOptions['assets'];
  readonly baseUrl: string;
  readonly speakers: { readonly question: string; readonly answer: string };
  /** Whose words a copied quote is (share.ts quoteCredit), on every answer for reader.js's "Copy quote". */
  readonly quoteBy: string;
  readonly searchQuery: string;
  /** The EPUB download, when the build made one. */
  readonly epub: DownloadRef | null;
  /** Who is talking to whom, for the byline. */
  readonly byline: {
    readonly outlet: string;
    readonly interviewee: string;
    readonly role: string;
    /** The original's language in English ("Russian"), or null for a text that is not a translation. */
    readonly translatedFrom: string | null;
    /** Reading time of the whole interview, at the same rate as each section's. */
    readonly readingMinutes: number;
    /** `YYYY-MM-DD`, when the front matter gives `published:`. */
    readonly published: string | null;
    /** The same date as the page writes it ("3 December 2026", no-break spaces), or null. */
    readonly publishedText: string | null;
    /** The machine translation's service ("Yandex Translate"), or null. */
    readonly service: string | null;
    /** The original publication's URL, when the front matter gives `original:`. */
    readonly original: string | null;
  };
}

/** The shared view data, the home description, and the helper that builds a page's head. */
export function commonView(rendered: RenderedInterview, options: RenderOptions) {
  const aliases = options.questionAliases ?? new Map<string, readonly string[]>();
  const { meta } = rendered.source;
  const common: CommonView = {
    interview: rendered.source,
    headline: quotation(typesetText(rendered.headline.text)),
    headlineBy: `${quotation(typesetText(rendered.headline.text))} \u2014 ${meta.interviewee.name}`,
    headlineHtml: quotation(annotated(rendered.headline)),
    ledeHtml: rendered.lede.map(annotated),
    introNotes: [rendered.headline, ...rendered.lede].flatMap((text) =>
      text.notes.map(noteView(options, rendered.sections)),
    ),
    noteCount: rendered.notes.length,
    sections: rendered.sections.map((section) =>
      sectionView(section, options, aliases, options.paragraphAliases ?? new Map(), rendered.sections),
    ),
    assets: options.assets,
    baseUrl: options.baseUrl,
    speakers: { question: meta.interviewer, answer: meta.interviewee.name },
    quoteBy: quoteCredit(meta),
    searchQuery: '',
    epub: options.epub ?? null,
    byline: {
      outlet: meta.outlet,
      interviewee: meta.interviewee.name,
      role: meta.interviewee.role,
      translatedFrom: meta.translation ? languageName(meta.translation.from) : null,
      readingMinutes: Math.max(1, Math.round(interviewWords(rendered) / WORDS_PER_MINUTE)),
      published: meta.published,
      publishedText: meta.published ? displayDate(meta.published) : null,
      service: meta.translation?.service ?? null,
      original: meta.original,
    },
  };
  const description = (rendered.lede[0] ?? rendered.headline).summary;
  const head = (
    path: string,
    title: string,
    pageDescription: string,
    links: { prev?: string; next?: string } = {},
    share?: ShareInfo,
  ): PageHead =>
    pageHead(meta, rendered.headline.text, options, { path, title, description: pageDescription, links, share });
  return { common, description, head };
}

/** A page's head. A share card and a JSON-LD headline are short (Google: at most 110 characters), and carry no site suffix. */
function pageHead(
  meta: InterviewMeta,
  headline: string,
  options: RenderOptions,
  page: {
    path: string;
    title: string;
    description: string;
    links: { prev?: string; next?: string };
    share: ShareInfo | undefined;
  },
): PageHead {
  const { path, title, links, share } = page;
  const description = typesetText(page.description);
  const { baseUrl } = options;
  const image = share && options.images?.get(share.page);
  return {
    title,
    description,
    canonical: `${baseUrl}${path}`,
    ...links,
    ...(share
      ? {
          social: socialMeta(meta, baseUrl, {
            path,
            title: cutAtWord(share.headline, { chars: 110 }),
            description,
            type: share.type,
            section: share.section,
            image,
          }),
          jsonLd: serializeJsonLd(
            newsArticle(meta, headline, baseUrl, {
              path,
              headline: cutAtWord(share.headline, { chars: 110 }),
              description,
              section: share.section,
              image: image?.url,
            }),
          ),
          citation: {
            title: share.headline,
            author: meta.interviewee.name,
            publisher: meta.outlet,
            language: meta.language,
            date: meta.published,
          },
        }
      : {}),
  };
}

function sectionView(
  section: RenderedSection,
  options: RenderOptions,
  aliases: ReadonlyMap<string, readonly string[]>,
  paragraphAliases: ReadonlyMap<string, readonly string[]>,
  sections: readonly RenderedSection[],
): SectionView {
  const { slug, number } = section.source;
  const { baseUrl } = options;
  const notes = noteView(options, sections);
  return {
    slug,
    number,
    url: sectionPath(slug),
    title: typesetText(section.title.text),
    titleHtml: annotated(section.title),
    titleNotes: section.title.notes.map(notes),
    readingMinutes: Math.max(1, Math.round(section.words / WORDS_PER_MINUTE)),
    questions: section.questions.map(({ source, question, answer }) => {
      const text = typesetText(question.text);
      return {
        id: source.id,
        number: source.number,
        url: `${sectionPath(slug)}#${source.id}`,
        html: annotated(question),
        notes: [question, ...answer].flatMap((part) => part.notes.map(notes)),
        text,
        excerpt: cutAtWord(text, { chars: EXCERPT_CHARS }),
        answer: answer.map((paragraph, k) => ({
          id: source.paragraphIds[k]!,
          html: annotated(paragraph),
          aliases: paragraphAliases.get(source.paragraphIds[k]!) ?? [],
        })),
        pageUrl: questionPath(source.id),
        shareUrl: `${baseUrl}${questionPath(source.id)}`,
        aliases: aliases.get(source.id) ?? [],
      };
    }),
  };
}

/** Words of the headline, the lede and every section. */
const interviewWords = (rendered: RenderedInterview): number =>
  [rendered.source.headline, ...rendered.source.lede].reduce(
    (count, paragraph) => count + wordCount(paragraph.text),
    0,
  ) + rendered.sections.reduce((count, section) => count + section.words, 0);

/** Marks up to this many characters (a name, "Article 4") are kept on one line, with their number. */
const SHORT_MARK = 24;

/**
 * A paragraph's HTML, set typographically (typography.ts), with each note's words in a mark: a link to the note (the way there without script; with it,
 * the note opens in place). The mark goes around the words and adds none: its number is drawn by the stylesheet.
 */
export const annotated = (text: RenderedText): string =>
  // Marked first, typeset after: markNotes finds a note's words as the source writes them.
  typesetHtml(
    markNotes(
      text.html,
      text.notes,
      (note, inner) =>
        `<a class="noteref noteref-${note.source.kind}${note.quote.length <= SHORT_MARK ? ' noteref-short' : ''}" href="#${note.noteId}" id="${note.refId}" role="doc-noteref" data-n="${note.source.number}" aria-describedby="${note.noteId}-label">${inner}</a>`,
    ),
  );

/** Where a note's words stand: its page and the words for it. */
function notePlace(note: RenderedNote, sections: readonly RenderedSection[]): { url: string; label: string } {
  const { section, question, paragraph } = note.source.place;
  const owner = section === null ? undefined : sections[section - 1];
  if (!owner) return { url: `/#${note.refId}`, label: 'Introduction' };
  const number = owner.questions.find((entry) => entry.source.id === question)?.source.number;
  const label =
    number === undefined
      ? `Section ${owner.source.number}, title`
      : paragraph === question
        ? `Question ${number}`
        : `Question ${number}, answer`;
  return { url: `${sectionPath(owner.source.slug)}#${note.refId}`, label };
}

/** Every note grouped by kind for /notes, each group in text order; a kind with no note is left out. */
export function notesByKind(rendered: RenderedInterview, options: RenderOptions): NotesByKind[] {
  const view = noteView(options, rendered.sections);
  return (['correction', 'context', 'translation'] as const)
    .map((kind) => ({
      kind,
      heading: { correction: 'Translation slips', context: 'Context', translation: 'Word choices' }[kind],
      notes: rendered.notes.filter((note) => note.source.kind === kind).map(view),
    }))
    .filter((group) => group.notes.length > 0);
}

const noteView =
  (options: RenderOptions, sections: readonly RenderedSection[]) =>
  (note: RenderedNote): NoteView => ({
    id: note.source.id,
    number: note.source.number,
    kind: note.source.kind,
    kindLabel: note.kindLabel,
    noteId: note.noteId,
    refId: note.refId,
    quote: typesetText(note.quote),
    correct: note.source.correct,
    html: note.html,
    credit: note.credit,
    aliases: options.noteAliases?.get(note.source.id) ?? [],
    placeUrl: notePlace(note, sections).url,
    placeLabel: notePlace(note, sections).label,
  });
