// RenderedInterview → the EPUB's content documents (cover, title page, contents, sections, notes log) and its stylesheet. Pure.
import { footnotesXhtml, NOTES_FILE, notesLogBody, withNoterefs } from './notes.js';
import { attr, xmlText, xhtmlFromHtml } from './xhtml.js';
import { cutAtWord } from '../../content/words.js';
import { languageName } from '../text.js';
import { typesetHtml, typesetText } from '../typography.js';
import type { RenderedInterview, RenderedQuestion, RenderedSection, RenderedText } from '../rendered.js';

/** Words of a question in the table of contents, as on the web pages. */
const EXCERPT_WORDS = 12;

/** A rendered paragraph as inline XHTML, from its `html`, its notes' words in noterefs, set typographically as on the web. */
const inline = (paragraph: RenderedText): string =>
  typesetHtml(withNoterefs(xhtmlFromHtml(paragraph.html), paragraph.notes));

/** A rendered paragraph as XML text, from its `text`, set typographically (for `<title>` and the contents). */
const plain = (paragraph: RenderedText): string => xmlText(typesetText(paragraph.text));

/** The headline as the speaker's words: in quotation marks, as the source sets it. */
export const quotedHeadline = (rendered: RenderedInterview): string =>
  `\u201c${typesetText(rendered.headline.text)}\u201d`;

/** The file of a section, relative to the package document. */
export const sectionFile = (number: number): string => `section-${number}.xhtml`;

/** An XHTML content document: the language of the interview, the stylesheet, a title. */
function xhtml(rendered: RenderedInterview, title: string, body: string, bodyType: string): string {
  const lang = attr(rendered.source.meta.language);
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="${lang}" xml:lang="${lang}">
<head>
  <meta charset="UTF-8"/>
  <title>${title}</title>
  <link rel="stylesheet" type="text/css" href="style.css"/>
</head>
<body epub:type="${bodyType}">
<main>
${body}
</main>
</body>
</html>
`;
}

export function coverXhtml(rendered: RenderedInterview, alt: string): string {
  const image =
    alt === '' ? `<img src="cover.png" alt="" role="presentation"/>` : `<img src="cover.png" alt="${attr(alt)}"/>`;
  return xhtml(rendered, 'Cover', `<section class="cover" epub:type="cover">\n  ${image}\n</section>`, 'cover');
}

/** The source line of the web pages' footer (views/partials/source.ejs), word for word. */
function sourceLineXhtml(rendered: RenderedInterview, sourceUrl: string | undefined): string {
  const { outlet, interviewee, translation } = rendered.source.meta;
  const role = interviewee.role ? `, ${xmlText(interviewee.role)}` : '';
  const translated = translation
    ? ` Machine translation from ${xmlText(languageName(translation.from))}; wording and slips are the translation's.`
    : '';
  const link = sourceUrl ? ` Source: <a href="${attr(sourceUrl)}">${xmlText(sourceUrl)}</a>.` : '';
  return `<p class="source">An interview by <cite>${xmlText(outlet)}</cite> with ${xmlText(interviewee.name)}${role}.${translated}${link}</p>`;
}

/**
 * The translation credit in its own language, as views/partials/foot.ejs shows it: its words verbatim, not
 * Markdown (it is the exact line the front matter names, and the web pages print it as text).
 */
function creditXhtml(rendered: RenderedInterview): string {
  const { credit, meta } = rendered.source;
  if (!credit || !meta.translation) return '';
  const lang = attr(meta.translation.from);
  return `  <p class="credit"><span lang="${lang}" xml:lang="${lang}">${xmlText(credit.text)}</span> <span class="gloss">(translated by ${xmlText(meta.translation.service)})</span></p>\n`;
}

export function titlePageXhtml(rendered: RenderedInterview, sourceUrl: string | undefined): string {
  const { outlet, interviewee } = rendered.source.meta;
  const lede = rendered.lede.map((paragraph) => `  <p class="lede">${inline(paragraph)}</p>\n`).join('');
  const notes = footnotesXhtml(
    [rendered.headline, ...rendered.lede].flatMap((paragraph) => paragraph.notes),
    '  ',
  );
  const body =
    `<section class="title-page" epub:type="titlepage" aria-labelledby="headline">\n` +
    `  <h1 class="headline" id="headline">\u201c${inline(rendered.headline)}\u201d</h1>\n` +
    `  <p class="byline"><cite>${xmlText(outlet)}</cite> · ${xmlText(interviewee.name)}${interviewee.role ? `, ${xmlText(interviewee.role)}` : ''}</p>\n` +
    lede +
    notes +
    `  ${sourceLineXhtml(rendered, sourceUrl)}\n` +
    creditXhtml(rendered) +
    `</section>`;
  return xhtml(rendered, xmlText(quotedHeadline(rendered)), body, 'frontmatter');
}

/** The notes log (see notes.ts), or null when the interview has no notes. */
export function notesXhtml(rendered: RenderedInterview): string | null {
  const body = notesLogBody(rendered, sectionFile);
  return body === null ? null : xhtml(rendered, "Editor's notes", body, 'backmatter');
}

export function navXhtml(rendered: RenderedInterview, hasCover: boolean): string {
  const sections = rendered.sections
    .map((section) => {
      const file = sectionFile(section.source.number);
      const questions = section.questions
        .map(
          ({ source, question }) =>
            `        <li><a href="${file}#${source.id}">${source.number}. ${xmlText(cutAtWord(typesetText(question.text), { words: EXCERPT_WORDS }))}</a></li>`,
        )
        .join('\n');
      return `    <li><a href="${file}">${plain(section.title)}</a>\n      <ol>\n${questions}\n      </ol>\n    </li>`;
    })
    .join('\n');
  const first = rendered.sections[0]!.source;
  const body = `<nav epub:type="toc" id="toc" role="doc-toc" aria-labelledby="toc-heading">
  <h1 id="toc-heading">Contents</h1>
  <ol>
    <li><a href="title.xhtml">${xmlText(quotedHeadline(rendered))}</a></li>
${sections}
${rendered.notes.length > 0 ? `    <li><a href="${NOTES_FILE}">Editor's notes</a></li>\n` : ''}  </ol>
</nav>
<nav epub:type="landmarks" id="landmarks" aria-label="Landmarks" hidden="hidden">
  <ol>
${hasCover ? '    <li><a epub:type="cover" href="cover.xhtml">Cover</a></li>\n' : ''}    <li><a epub:type="titlepage" href="title.xhtml">Title page</a></li>
    <li><a epub:type="toc" href="nav.xhtml">Contents</a></li>
    <li><a epub:type="bodymatter" href="${sectionFile(first.number)}">Start of the interview</a></li>
  </ol>
</nav>`;
  return xhtml(rendered, 'Contents', body, 'frontmatter');
}

/**
 * A question and its answer, marked as on the web pages (views/partials/question.ejs), without the web's links;
 * the footnotes of the notes on them follow the answer, as the web lists them with the question.
 */
function questionXhtml(rendered: RenderedInterview, { source, question, answer }: RenderedQuestion): string {
  const { meta } = rendered.source;
  return `<section class="qa" id="${source.id}" aria-labelledby="${source.id}-text">
  <div class="turn turn-question">
    <p class="turn-meta"><span class="speaker">${xmlText(meta.interviewer)}</span> <span class="question-number">Question ${source.number}</span></p>
    <h2 class="question-text" id="${source.id}-text">${inline(question)}</h2>
  </div>
  <div class="turn turn-answer">
    <p class="turn-meta"><span class="speaker">${xmlText(meta.interviewee.name)}</span></p>
${answer.map((paragraph) => `    <p>${inline(paragraph)}</p>`).join('\n')}
  </div>
${footnotesXhtml(
  [question, ...answer].flatMap((paragraph) => paragraph.notes),
  '  ',
)}</section>`;
}

export function sectionXhtml(rendered: RenderedInterview, section: RenderedSection): string {
  const { number } = section.source;
  const body = `<section class="section" id="section-${number}" epub:type="chapter" aria-labelledby="section-${number}-title">
<p class="section-kicker">Section ${number} of ${rendered.sections.length}</p>
<h1 id="section-${number}-title">${inline(section.title)}</h1>
${section.questions.map((question) => questionXhtml(rendered, question)).join('\n')}
${footnotesXhtml(section.title.notes, '')}</section>`;
  return xhtml(rendered, plain(section.title), body, 'bodymatter');
}

/**
 * For reading systems and their user settings: sizes only in em, no colours or backgrounds (night modes and
 * themes keep working), no fonts named; headings at body size except the titles.
 */
export const STYLESHEET = `/* The interview's EPUB: relative sizes only, no colours, so a reader's settings win. */
body { line-height: 1.45; }
h1 { font-size: 1.4em; line-height: 1.25; margin: 0.5em 0 1em; }
h1, h2, .turn-meta, .section-kicker { break-after: avoid; page-break-after: avoid; }
h2 { font-size: 1em; }
p { margin: 0 0 0.75em; }
cite { font-style: italic; }
.section-kicker, .byline, .source, .credit { font-size: 0.9em; }
.section-kicker { margin: 0; text-transform: uppercase; letter-spacing: 0.05em; }
.qa { margin: 2em 0 0; }
.turn { margin: 0 0 1em; }
.turn-meta { margin: 0 0 0.25em; font-size: 0.85em; }
.speaker { font-weight: bold; text-transform: uppercase; letter-spacing: 0.04em; }
.question-number { margin-left: 0.25em; font-variant-numeric: tabular-nums; }
.question-text { font-size: 1em; font-weight: bold; line-height: inherit; margin: 0 0 0.75em; }
.turn-answer p { text-indent: 0; }
.gloss { font-style: italic; }
.noteref { text-decoration: underline dotted; }
.note { margin: 0.5em 0 1em; padding-left: 0.75em; border-left: 0.15em solid; font-size: 0.9em; }
.note p { margin: 0 0 0.25em; }
.note-head { font-size: 0.85em; font-weight: bold; text-transform: uppercase; letter-spacing: 0.04em; }
.note-quote { font-style: italic; }
.note-correct { font-weight: bold; }
.note-foot, .note-where { font-size: 0.85em; }
.notes-list { padding-left: 2em; }
.notes-list li { margin: 0 0 0.75em; }
.cover { text-align: center; margin: 0; }
.cover img { max-width: 100%; max-height: 100vh; }
nav ol { list-style: none; padding-left: 0; }
nav ol ol { padding-left: 1.5em; margin: 0.25em 0 0.75em; }
nav li { margin: 0.25em 0; }
`;
