// Interview → EPUB 3 file (bytes). Pure: no file system, no clock, no randomness; the same input gives the same bytes.
import { createHash } from 'node:crypto';
import { zipSync, type Zippable } from 'fflate';
import { plainText, renderInline } from './markdown.js';
import type { Interview, Paragraph, Question, Section } from '../content/model.js';

export interface EpubOptions {
  /** Where the interview was published; becomes `dc:source` and a link on the title page. Default: a description. */
  readonly sourceUrl?: string;
  /** A cover picture (PNG bytes) and its text alternative; an empty `alt` marks it decorative. Default: no cover. */
  readonly cover?: { readonly png: Uint8Array; readonly alt: string };
  /**
   * `dcterms:modified` (and the ZIP entries' date, at noon), as `YYYY-MM-DDThh:mm:ssZ`. Default: {@link DEFAULT_MODIFIED}.
   * Never the clock: the file must be reproducible, so the caller passes a date that belongs to the content.
   */
  readonly modified?: string;
}

/**
 * The default `dcterms:modified`. The model carries no date (the interview's text has none, nor does the front
 * matter), and the clock would make every build a different file; so a fixed, recognisably artificial date.
 * Readers use it only to tell editions apart, and `dc:identifier` already changes whenever the text does.
 */
export const DEFAULT_MODIFIED = '2000-01-01T00:00:00Z';

/** The media type to serve the file with. */
export const EPUB_MEDIA_TYPE = 'application/epub+zip';

/** Names inside the container, for callers and tests. */
export const EPUB_PATHS = {
  package: 'EPUB/package.opf',
  nav: 'EPUB/nav.xhtml',
  titlePage: 'EPUB/title.xhtml',
  stylesheet: 'EPUB/style.css',
  section: (number: number): string => `EPUB/section-${number}.xhtml`,
} as const;

/** Words of a question in the table of contents, as on the web pages. */
const EXCERPT_WORDS = 12;

/**
 * Builds the EPUB 3 publication of the interview: a title page (headline, byline, lede, source line, credit),
 * the navigation document, one XHTML file per section, a stylesheet, and an optional cover.
 *
 * @throws Error when `options.modified` is not `YYYY-MM-DDThh:mm:ssZ` (1980–2107, the ZIP format's range),
 *   `options.sourceUrl` is not an absolute http(s) URL, or `options.cover.png` is not a PNG.
 */
export function buildEpub(interview: Interview, options: EpubOptions = {}): Uint8Array {
  const modified = options.modified ?? DEFAULT_MODIFIED;
  const zipTime = zipTimeOf(modified);
  const cover = options.cover ? checkedCover(options.cover) : null;
  if (options.sourceUrl !== undefined && !isHttpUrl(options.sourceUrl)) {
    throw new Error(`epub: sourceUrl should be an absolute http(s) URL, not "${options.sourceUrl}"`);
  }
  const text = (file: string): Uint8Array => new TextEncoder().encode(file);

  // `mimetype` first and stored, as OCF requires; insertion order is the order in the archive.
  const files: Zippable = {
    mimetype: [text(EPUB_MEDIA_TYPE), { level: 0 }],
    'META-INF/container.xml': text(containerXml()),
    [EPUB_PATHS.package]: text(packageOpf(interview, options.sourceUrl, modified, cover)),
    [EPUB_PATHS.stylesheet]: text(STYLESHEET),
  };
  if (cover) {
    files['EPUB/cover.xhtml'] = text(coverXhtml(interview, cover.alt));
    files['EPUB/cover.png'] = [cover.png, { level: 0 }];
  }
  files[EPUB_PATHS.titlePage] = text(titlePageXhtml(interview, options.sourceUrl));
  files[EPUB_PATHS.nav] = text(navXhtml(interview, cover !== null));
  for (const section of interview.sections) {
    files[EPUB_PATHS.section(section.number)] = text(sectionXhtml(interview, section));
  }
  return zipSync(files, { level: 9, mtime: zipTime });
}

/**
 * The publication's `dc:identifier`: a `urn:uuid:` from a SHA-256 of the interview's words and metadata
 * (not line numbers), with version-5 style version and variant bits. Same text, same id; any change, a new one.
 */
export function epubIdentifier(interview: Interview): string {
  const words = {
    meta: interview.meta,
    headline: interview.headline.text,
    lede: interview.lede.map((paragraph) => paragraph.text),
    sections: interview.sections.map((section) => ({
      title: section.title.text,
      questions: section.questions.map((question) => [question.text.text, ...question.answer.map((p) => p.text)]),
    })),
    credit: interview.credit?.text ?? null,
  };
  const bytes = createHash('sha256').update('interview-reader epub\n').update(JSON.stringify(words)).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// XML text

/** Characters XML 1.0 cannot hold at all, not even as references (C0 controls, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Text or attribute value → XML. A character XML cannot hold becomes U+FFFD (the only change ever made to words).
 * A straight quote is escaped only where it must be, in attributes: readers' tools flag `&quot;` in text.
 */
export function escapeXml(text: string, inAttribute = false): string {
  return text
    .replace(NOT_XML, '\uFFFD')
    .replace(inAttribute ? /[&<>"]/g : /[&<>]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char]!);
}

/** An attribute value → XML. */
const attr = (text: string): string => escapeXml(text, true);

/** Decodes the character references sanitize-html and marked can leave in text: numeric ones and the XML five. */
function decodeReferences(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z][a-z0-9]*);/gi, (reference, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
    }
    const known: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    const char = known[name.toLowerCase()];
    if (char === undefined) throw new Error(`epub: renderInline produced the HTML entity ${reference}, which has no XHTML mapping here`);
    return char;
  });
}

/** The tags renderInline may produce (its allow-list) and the attributes each may carry. */
const INLINE_TAGS: Record<string, readonly string[]> = { a: ['href', 'title', 'rel'], em: [], strong: [], code: [], del: [], br: [] };
const TAG = /<(\/?)([a-z]+)((?:\s+[a-z-]+(?:="[^"]*")?)*)\s*(\/?)>/gi;
const ATTRIBUTE = /([a-z-]+)(?:="([^"]*)")?/gi;

/**
 * One paragraph → well-formed XHTML, through renderInline so the EPUB says what the web pages say: the same
 * inline markup, the same escaping of raw HTML. Tags are re-emitted in XML syntax (`<br/>`), attribute values
 * and text are decoded and re-escaped for XML, so no HTML-only entity can reach the file.
 */
export function inlineXhtml(text: string): string {
  const html = renderInline(text);
  let out = '';
  let last = 0;
  const open: string[] = [];
  for (const match of html.matchAll(TAG)) {
    out += escapeXml(decodeReferences(html.slice(last, match.index)));
    last = match.index + match[0].length;
    const [, closing, rawName, rawAttributes, selfClosing] = match;
    const name = rawName!.toLowerCase();
    const allowed = INLINE_TAGS[name];
    if (!allowed) {
      // Not from the allow-list (cannot happen with sanitize-html's output): keep it visible as text.
      out += escapeXml(decodeReferences(match[0]));
    } else if (closing) {
      if (open[open.length - 1] !== name) throw new Error(`epub: renderInline produced a stray </${name}>`);
      open.pop();
      out += `</${name}>`;
    } else {
      let attributes = '';
      for (const attribute of (rawAttributes ?? '').matchAll(ATTRIBUTE)) {
        const attributeName = attribute[1]!.toLowerCase();
        if (allowed.includes(attributeName)) attributes += ` ${attributeName}="${attr(decodeReferences(attribute[2] ?? ''))}"`;
      }
      if (name === 'br') out += `<br${attributes}/>`;
      else if (selfClosing) out += `<${name}${attributes}></${name}>`;
      else {
        open.push(name);
        out += `<${name}${attributes}>`;
      }
    }
  }
  out += escapeXml(decodeReferences(html.slice(last)));
  if (open.length > 0) throw new Error(`epub: renderInline left <${open.join('>, <')}> open`);
  return out;
}

/** Plain text (headline in `<title>`, metadata) → XML text. */
const plainXml = (text: string): string => escapeXml(plainText(text));

// ---------------------------------------------------------------------------------------------------------------
// Container and package

function containerXml(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="${EPUB_PATHS.package}" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`;
}

/**
 * `YYYY-MM-DDThh:mm:ssZ` → the Date fflate writes as the entries' DOS time: that day at 12:00:00.
 *
 * DOS times have no zone, and fflate reads the Date's local fields; so the Date is built from local fields, and
 * at noon, because a local time near midnight may not exist in some zone (a daylight-saving gap) and would move.
 * The ZIP time is only the archive's; `dcterms:modified` keeps the exact time.
 */
function zipTimeOf(modified: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(modified);
  const [year, month, day] = (match ?? []).slice(1).map(Number);
  const valid = match !== null && new Date(Date.parse(modified)).toISOString() === modified.replace('Z', '.000Z');
  if (!valid || year! < 1980 || year! > 2107) {
    throw new Error(`epub: modified should be a real date and time, YYYY-MM-DDThh:mm:ssZ, between 1980 and 2107, not "${modified}"`);
  }
  return new Date(year!, month! - 1, day!, 12, 0, 0);
}

function isHttpUrl(text: string): boolean {
  try {
    return /^https?:$/.test(new URL(text).protocol) && !/\s/.test(text);
  } catch {
    return false;
  }
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function checkedCover(cover: { readonly png: Uint8Array; readonly alt: string }): { png: Uint8Array; alt: string } {
  if (!PNG_SIGNATURE.every((byte, index) => cover.png[index] === byte)) throw new Error('epub: the cover is not a PNG');
  return { png: cover.png, alt: cover.alt.trim() };
}

/** The source of the text: the URL when known, else a sentence naming outlet, interviewee and translation. */
function sourceDescription(interview: Interview, sourceUrl: string | undefined): string {
  if (sourceUrl) return sourceUrl;
  const { outlet, interviewee, translation } = interview.meta;
  const who = interviewee.role ? `${interviewee.name} (${interviewee.role})` : interviewee.name;
  const how = translation ? `, machine-translated from ${languageName(translation.from)} by ${translation.service}` : '';
  return `${outlet}: interview with ${who}${how}`;
}

const languageName = (code: string): string => new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;

function packageOpf(
  interview: Interview,
  sourceUrl: string | undefined,
  modified: string,
  cover: { alt: string } | null,
): string {
  const { meta } = interview;
  const role = (id: string, code: string): string =>
    `    <meta refines="#${id}" property="role" scheme="marc:relators">${code}</meta>\n`;
  const hasAlt = cover !== null && cover.alt !== '';
  const features = ['structuralNavigation', 'tableOfContents', 'readingOrder', 'displayTransformability', ...(hasAlt ? ['alternativeText'] : [])];
  const summary =
    'A text-only interview: every question and answer is text in reading order, marked with its speaker; sections ' +
    'and questions are headings listed in the table of contents; the language of the text and of the Russian credit ' +
    'is marked; the stylesheet sets no fixed sizes or colours, so reading-system settings apply.' +
    (cover ? (hasAlt ? ' The cover image has a text alternative.' : ' The cover image is decorative.') : '');
  const manifest = [
    `    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>`,
    `    <item id="style" href="style.css" media-type="text/css"/>`,
    ...(cover
      ? [
          `    <item id="cover-image" href="cover.png" media-type="image/png" properties="cover-image"/>`,
          `    <item id="cover" href="cover.xhtml" media-type="application/xhtml+xml"/>`,
        ]
      : []),
    `    <item id="title-page" href="title.xhtml" media-type="application/xhtml+xml"/>`,
    ...interview.sections.map(
      (section) => `    <item id="section-${section.number}" href="section-${section.number}.xhtml" media-type="application/xhtml+xml"/>`,
    ),
  ];
  const spine = [
    ...(cover ? [`    <itemref idref="cover"/>`] : []),
    `    <itemref idref="title-page"/>`,
    `    <itemref idref="nav"/>`,
    ...interview.sections.map((section) => `    <itemref idref="section-${section.number}"/>`),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id" xml:lang="${attr(meta.language)}">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="pub-id">${epubIdentifier(interview)}</dc:identifier>
    <dc:title>${plainXml(interview.headline.text)}</dc:title>
    <dc:language>${escapeXml(meta.language)}</dc:language>
    <dc:creator id="interviewer">${escapeXml(meta.interviewer)}</dc:creator>
${role('interviewer', 'ivr')}    <dc:creator id="interviewee">${escapeXml(meta.interviewee.name)}</dc:creator>
${role('interviewee', 'ive')}    <dc:publisher id="publisher">${escapeXml(meta.outlet)}</dc:publisher>
${role('publisher', 'pbl')}${
    meta.translation
      ? `    <dc:contributor id="translator">${escapeXml(meta.translation.service)}</dc:contributor>\n${role('translator', 'trl')}`
      : ''
  }    <dc:source>${escapeXml(sourceDescription(interview, sourceUrl))}</dc:source>
    <meta property="dcterms:modified">${modified}</meta>
    <meta property="schema:accessMode">textual</meta>
${cover ? '    <meta property="schema:accessMode">visual</meta>\n' : ''}    <meta property="schema:accessModeSufficient">textual</meta>
${features.map((feature) => `    <meta property="schema:accessibilityFeature">${feature}</meta>\n`).join('')}    <meta property="schema:accessibilityHazard">none</meta>
    <meta property="schema:accessibilitySummary">${escapeXml(summary)}</meta>
    <meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>
    <meta property="a11y:certifiedBy">interview-reader build (self-assessed)</meta>
  </metadata>
  <manifest>
${manifest.join('\n')}
  </manifest>
  <spine>
${spine.join('\n')}
  </spine>
</package>
`;
}

// ---------------------------------------------------------------------------------------------------------------
// Content documents

/** An XHTML content document: the language of the interview, the stylesheet, a title. */
function xhtml(interview: Interview, title: string, body: string, bodyType: string): string {
  const lang = attr(interview.meta.language);
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

function coverXhtml(interview: Interview, alt: string): string {
  const image = alt === '' ? `<img src="cover.png" alt="" role="presentation"/>` : `<img src="cover.png" alt="${attr(alt)}"/>`;
  return xhtml(interview, 'Cover', `<section class="cover" epub:type="cover">\n  ${image}\n</section>`, 'cover');
}

/** The source line of the web pages' footer (views/partials/source.ejs), word for word. */
function sourceLineXhtml(interview: Interview, sourceUrl: string | undefined): string {
  const { outlet, interviewee, translation } = interview.meta;
  const role = interviewee.role ? `, ${escapeXml(interviewee.role)}` : '';
  const translated = translation
    ? ` Machine translation from ${escapeXml(languageName(translation.from))}; wording and slips are the translation's.`
    : '';
  const link = sourceUrl ? ` Source: <a href="${attr(sourceUrl)}">${escapeXml(sourceUrl)}</a>.` : '';
  return `<p class="source">An interview by <cite>${escapeXml(outlet)}</cite> with ${escapeXml(interviewee.name)}${role}.${translated}${link}</p>`;
}

/** The translation credit in its own language, as in views/partials/foot.ejs. */
function creditXhtml(interview: Interview): string {
  const translation = interview.meta.translation;
  if (!interview.credit || !translation) return '';
  const lang = attr(translation.from);
  return `  <p class="credit"><span lang="${lang}" xml:lang="${lang}">${inlineXhtml(interview.credit.text)}</span> <span class="gloss">(translated by ${escapeXml(translation.service)})</span></p>\n`;
}

function titlePageXhtml(interview: Interview, sourceUrl: string | undefined): string {
  const { outlet, interviewee } = interview.meta;
  const paragraphs = (list: readonly Paragraph[], className: string): string =>
    list.map((paragraph) => `  <p class="${className}">${inlineXhtml(paragraph.text)}</p>\n`).join('');
  const body =
    `<section class="title-page" epub:type="titlepage" aria-labelledby="headline">\n` +
    `  <h1 class="headline" id="headline">${inlineXhtml(interview.headline.text)}</h1>\n` +
    `  <p class="byline"><cite>${escapeXml(outlet)}</cite> · ${escapeXml(interviewee.name)}${interviewee.role ? `, ${escapeXml(interviewee.role)}` : ''}</p>\n` +
    paragraphs(interview.lede, 'lede') +
    `  ${sourceLineXhtml(interview, sourceUrl)}\n` +
    creditXhtml(interview) +
    `</section>`;
  return xhtml(interview, plainXml(interview.headline.text), body, 'frontmatter');
}

/** The first words of a question, as the web's table of contents shows them. */
function excerpt(text: string): string {
  const words = plainText(text).split(/\s+/).filter(Boolean);
  return words.length <= EXCERPT_WORDS ? words.join(' ') : `${words.slice(0, EXCERPT_WORDS).join(' ')}…`;
}

function navXhtml(interview: Interview, hasCover: boolean): string {
  const sections = interview.sections
    .map((section) => {
      const file = `section-${section.number}.xhtml`;
      const questions = section.questions
        .map((question) => `        <li><a href="${file}#${question.id}">#${question.number} ${escapeXml(excerpt(question.text.text))}</a></li>`)
        .join('\n');
      return `    <li><a href="${file}">${plainXml(section.title.text)}</a>\n      <ol>\n${questions}\n      </ol>\n    </li>`;
    })
    .join('\n');
  const first = interview.sections[0]!;
  const body = `<nav epub:type="toc" id="toc" role="doc-toc" aria-labelledby="toc-heading">
  <h1 id="toc-heading">Contents</h1>
  <ol>
    <li><a href="title.xhtml">${plainXml(interview.headline.text)}</a></li>
${sections}
  </ol>
</nav>
<nav epub:type="landmarks" id="landmarks" aria-label="Landmarks" hidden="hidden">
  <ol>
${hasCover ? '    <li><a epub:type="cover" href="cover.xhtml">Cover</a></li>\n' : ''}    <li><a epub:type="titlepage" href="title.xhtml">Title page</a></li>
    <li><a epub:type="toc" href="nav.xhtml">Contents</a></li>
    <li><a epub:type="bodymatter" href="section-${first.number}.xhtml">Start of the interview</a></li>
  </ol>
</nav>`;
  return xhtml(interview, 'Contents', body, 'frontmatter');
}

/** A question and its answer, marked as on the web pages (views/partials/question.ejs), without the web's links. */
function questionXhtml(interview: Interview, question: Question): string {
  const answer = question.answer.map((paragraph) => `    <p>${inlineXhtml(paragraph.text)}</p>`).join('\n');
  return `<section class="qa" id="${question.id}" aria-labelledby="${question.id}-text">
  <div class="turn turn-question">
    <p class="turn-meta"><span class="speaker">${escapeXml(interview.meta.interviewer)}</span> <span class="question-number">#${question.number}</span></p>
    <h2 class="question-text" id="${question.id}-text">${inlineXhtml(question.text.text)}</h2>
  </div>
  <div class="turn turn-answer">
    <p class="turn-meta"><span class="speaker">${escapeXml(interview.meta.interviewee.name)}</span></p>
${answer}
  </div>
</section>`;
}

function sectionXhtml(interview: Interview, section: Section): string {
  const body = `<section class="section" id="section-${section.number}" epub:type="chapter" aria-labelledby="section-${section.number}-title">
<p class="section-kicker">Section ${section.number} of ${interview.sections.length}</p>
<h1 id="section-${section.number}-title">${inlineXhtml(section.title.text)}</h1>
${section.questions.map((question) => questionXhtml(interview, question)).join('\n')}
</section>`;
  return xhtml(interview, plainXml(section.title.text), body, 'bodymatter');
}

/**
 * For reading systems and their user settings: sizes only in em, no colours or backgrounds (night modes and
 * themes keep working), no fonts named; headings at body size except the titles.
 */
const STYLESHEET = `/* The interview's EPUB: relative sizes only, no colours, so a reader's settings win. */
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
.cover { text-align: center; margin: 0; }
.cover img { max-width: 100%; max-height: 100vh; }
nav ol { list-style: none; padding-left: 0; }
nav ol ol { padding-left: 1.5em; margin: 0.25em 0 0.75em; }
nav li { margin: 0.25em 0; }
`;
