// RenderedInterview → EPUB 3 file (bytes): package document, container, ZIP. Pure, no clock: same input, same bytes.
import { createHash } from 'node:crypto';
import { zipSync, type Zippable } from 'fflate';
import type { Interview } from '../../content/model.js';
import {
  coverXhtml,
  navXhtml,
  notesXhtml,
  quotedHeadline,
  sectionFile,
  sectionXhtml,
  STYLESHEET,
  titlePageXhtml,
} from './documents.js';
import { NOTES_FILE } from './notes.js';
import { attr, xmlText } from './xhtml.js';
import { languageName } from '../text.js';
import type { RenderedInterview } from '../rendered.js';

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
  section: (number: number): string => `EPUB/${sectionFile(number)}`,
  notes: `EPUB/${NOTES_FILE}`,
} as const;

/**
 * Builds the EPUB 3 publication of the interview: a title page (headline, byline, lede, source line, credit),
 * the navigation document, one XHTML file per section, the editor's notes log when there are notes, a stylesheet,
 * and an optional cover. Every paragraph comes from `rendered` (its `html` as XHTML, its `text` in titles and
 * metadata), each editorial note as a noteref around its words and a footnote; nothing is rendered again.
 *
 * @throws Error when `options.modified` is not `YYYY-MM-DDThh:mm:ssZ` (1980–2107, the ZIP format's range),
 *   `options.sourceUrl` is not an absolute http(s) URL, or `options.cover.png` is not a PNG.
 */
export function buildEpub(rendered: RenderedInterview, options: EpubOptions = {}): Uint8Array {
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
    [EPUB_PATHS.package]: text(packageOpf(rendered, options.sourceUrl, modified, cover)),
    [EPUB_PATHS.stylesheet]: text(STYLESHEET),
  };
  if (cover) {
    files['EPUB/cover.xhtml'] = text(coverXhtml(rendered, cover.alt));
    files['EPUB/cover.png'] = [cover.png, { level: 0 }];
  }
  files[EPUB_PATHS.titlePage] = text(titlePageXhtml(rendered, options.sourceUrl));
  files[EPUB_PATHS.nav] = text(navXhtml(rendered, cover !== null));
  for (const section of rendered.sections) {
    files[EPUB_PATHS.section(section.source.number)] = text(sectionXhtml(rendered, section));
  }
  const notes = notesXhtml(rendered);
  if (notes !== null) files[EPUB_PATHS.notes] = text(notes);
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
  const bytes = createHash('sha256')
    .update('interview-reader epub\n')
    .update(JSON.stringify(words))
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

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
    throw new Error(
      `epub: modified should be a real date and time, YYYY-MM-DDThh:mm:ssZ, between 1980 and 2107, not "${modified}"`,
    );
  }
  return new Date(year!, month! - 1, day, 12, 0, 0);
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
  const how = translation
    ? `, machine-translated from ${languageName(translation.from)} by ${translation.service}`
    : '';
  return `${outlet}: interview with ${who}${how}`;
}

function packageOpf(
  rendered: RenderedInterview,
  sourceUrl: string | undefined,
  modified: string,
  cover: { alt: string } | null,
): string {
  const interview = rendered.source;
  const { meta } = interview;
  const role = (id: string, code: string): string =>
    `    <meta refines="#${id}" property="role" scheme="marc:relators">${code}</meta>\n`;
  const hasAlt = cover !== null && cover.alt !== '';
  const features = [
    'structuralNavigation',
    'tableOfContents',
    'readingOrder',
    'displayTransformability',
    ...(hasAlt ? ['alternativeText'] : []),
  ];
  // The credit is the one passage in another language, and only a translation has one (documents.ts, creditXhtml).
  const marked =
    interview.credit && meta.translation
      ? `the text and of the ${languageName(meta.translation.from)} credit`
      : 'the text';
  const summary =
    'A text-only interview: every question and answer is text in reading order, marked with its speaker; sections ' +
    `and questions are headings listed in the table of contents; the language of ${marked} is marked; the ` +
    'stylesheet sets no fixed sizes or colours, so reading-system settings apply.' +
    (rendered.notes.length > 0
      ? " Editorial notes are footnotes linked from the words they are about, with links back, and are listed in an Editor's notes document."
      : '') +
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
      (section) =>
        `    <item id="section-${section.number}" href="${sectionFile(section.number)}" media-type="application/xhtml+xml"/>`,
    ),
    ...(rendered.notes.length > 0
      ? [`    <item id="notes" href="${NOTES_FILE}" media-type="application/xhtml+xml"/>`]
      : []),
  ];
  const spine = [
    ...(cover ? [`    <itemref idref="cover"/>`] : []),
    `    <itemref idref="title-page"/>`,
    `    <itemref idref="nav"/>`,
    ...interview.sections.map((section) => `    <itemref idref="section-${section.number}"/>`),
    ...(rendered.notes.length > 0 ? [`    <itemref idref="notes"/>`] : []),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id" xml:lang="${attr(meta.language)}">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="pub-id">${epubIdentifier(interview)}</dc:identifier>
    <dc:title>${xmlText(quotedHeadline(rendered))}</dc:title>
    <dc:language>${xmlText(meta.language)}</dc:language>
    <dc:creator id="interviewer">${xmlText(meta.interviewer)}</dc:creator>
${role('interviewer', 'ivr')}    <dc:creator id="interviewee">${xmlText(meta.interviewee.name)}</dc:creator>
${role('interviewee', 'ive')}    <dc:publisher id="publisher">${xmlText(meta.outlet)}</dc:publisher>
${role('publisher', 'pbl')}${
    meta.translation
      ? `    <dc:contributor id="translator">${xmlText(meta.translation.service)}</dc:contributor>\n${role('translator', 'trl')}`
      : ''
  }    <dc:source>${xmlText(sourceDescription(interview, sourceUrl))}</dc:source>
    <meta property="dcterms:modified">${modified}</meta>
    <meta property="schema:accessMode">textual</meta>
${cover ? '    <meta property="schema:accessMode">visual</meta>\n' : ''}    <meta property="schema:accessModeSufficient">textual</meta>
${features.map((feature) => `    <meta property="schema:accessibilityFeature">${feature}</meta>\n`).join('')}    <meta property="schema:accessibilityHazard">none</meta>
    <meta property="schema:accessibilitySummary">${xmlText(summary)}</meta>
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
