// The interview's EPUB: valid by EPUBCheck's rules (on Node), nothing lost, reproducible to the byte, navigable, with true metadata.
import { readFileSync } from 'node:fs';
import { EpubCheck } from '@likecoin/epubcheck-ts';
import { withoutUnsafeCharacters } from '../src/content/characters.js';
import * as cheerio from 'cheerio';
import fc from 'fast-check';
import { PNG } from 'pngjs';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseInterview } from '../src/content/parse.js';
import { buildEpub, DEFAULT_MODIFIED, EPUB_PATHS, epubIdentifier } from '../src/render/epub/package.js';
import { xhtmlFromHtml } from '../src/render/epub/xhtml.js';
import { plainText, renderInline } from '../src/render/markdown.js';
import { renderInterview } from '../src/render/rendered.js';
import { annotate } from '../src/content/notes.js';
import { foldPunctuation } from '../src/render/typography.js';
import { type Breakage, breakEpub, coverPng, HOSTILE, hostileEpub, hostileRendered } from './support/epub.js';
import { realContent, realNotes, siteFrom, siteWithPreviewsFrom, sourcePath } from './support/site.js';

const content = realContent();
const interview = parseInterview(content, 'content/interview.md');
const rendered = renderInterview(interview, annotate(interview, realNotes(), 'content/notes.yaml'));
/** The real interview without its notes. */
const bare = unzipSync(buildEpub(renderInterview(interview)));
const epub = buildEpub(rendered);
const files = unzipSync(epub);

const fileText = (entries: Record<string, Uint8Array>, path: string): string => {
  const bytes = entries[path];
  if (!bytes) throw new Error(`no ${path} in the EPUB`);
  return new TextDecoder().decode(bytes);
};
const xml = (entries: Record<string, Uint8Array>, path: string) => cheerio.load(fileText(entries, path), { xml: true });

/** What a reader reads in one XHTML file: its body's text, tags stripped, references decoded, white space folded. */
function readText(xhtml: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/.exec(xhtml)?.[1] ?? '';
  // Inline elements join the words around them; block elements separate them.
  return foldPunctuation(
    decodeXml(body.replace(/<\/?(a|em|strong|code|del|span|cite|br)\b[^>]*>/g, '').replace(/<[^>]*>/g, ' ')),
  ).replace(/\s+/g, ' ');
}

/** XML text → characters: the five named references and numeric ones. */
function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (_, name: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (name[0] !== '#') return named[name.toLowerCase()]!;
    return String.fromCodePoint(
      name[1]?.toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10),
    );
  });
}

/** The spine's documents in reading order, and the whole text in that order. */
function readingOrder(entries: Record<string, Uint8Array>): { paths: string[]; text: string } {
  const $ = xml(entries, EPUB_PATHS.package);
  const hrefs = new Map<string, string>();
  $('manifest > item').each((_, item) => void hrefs.set($(item).attr('id')!, $(item).attr('href')!));
  const paths = $('spine > itemref')
    .map((_, ref) => `EPUB/${hrefs.get($(ref).attr('idref')!)!}`)
    .get();
  return { paths, text: paths.map((path) => readText(fileText(entries, path))).join(' ') };
}

/** epubcheck-ts's fatal errors, errors and warnings about the bytes, one readable line each. */
async function problems(bytes: Uint8Array): Promise<string[]> {
  const result = await EpubCheck.validate(bytes);
  return result.messages
    .filter((message) => ['fatal', 'error', 'warning'].includes(message.severity))
    .map(
      (message) =>
        `${message.severity} ${message.id} ${message.message} at ${message.location?.path ?? '?'}:${message.location?.line ?? '?'}`,
    );
}

describe('the EPUB file', () => {
  it("passes epubcheck-ts (EPUBCheck's rules on Node) with no fatal error, no error and no warning", async () => {
    expect(await problems(epub)).toEqual([]);
  });

  it('is a book as the site serves it: a portrait cover, the original publication named, a date from the content, epubcheck-ts clean', async () => {
    // Served from a local address, as `npm start` does without SITE_URL: the book must not name it.
    const site = await siteWithPreviewsFrom(content, 'http://localhost:3000', 'content/interview.md', realNotes());
    const served = site.resources.get(site.redirects.get('/interview.epub')!)!.variants.identity.body;
    const entries = unzipSync(served);
    // The cover: a portrait picture (1:1.6) for a portrait reader, not the 1200×630 link preview.
    const opf = xml(entries, EPUB_PATHS.package);
    const coverHref = opf('item[properties="cover-image"]').attr('href')!;
    const cover = PNG.sync.read(Buffer.from(entries[`EPUB/${coverHref}`]!));
    expect([cover.width, cover.height]).toEqual([1600, 2560]);
    // No local address anywhere; the source is the original publication, named.
    for (const path of Object.keys(entries).filter((name) => /\.(xhtml|opf)$/.test(name))) {
      expect(fileText(entries, path), path).not.toMatch(/localhost|127\.0\.0\.1|Source: http/);
    }
    expect(opf('dc\\:source').text()).toBe(
      'Izvestia: interview with Georgy Zinoviev (Russian Ambassador to the Republic of Korea), machine-translated from Russian by Yandex Translate',
    );
    const title = xml(entries, EPUB_PATHS.titlePage);
    expect(title('.source').text()).toContain('An interview by Izvestia with Georgy Zinoviev');
    // The date the content last changed: here the latest editorial note's (content/notes.yaml), not 2000-01-01.
    const noteDates = [...realNotes().matchAll(/^\s+date: (\d{4}-\d{2}-\d{2})$/gm)].map((match) => match[1]!).sort();
    expect(opf('meta[property="dcterms:modified"]').text()).toBe(`${noteDates.at(-1)}T00:00:00Z`);
    expect(await problems(served)).toEqual([]);
  }, 60_000);

  it("dates the edition with the front matter's modified: when the editors set it, else published:", () => {
    const modifiedOf = (front: string) => {
      const site = siteFrom(
        content.replace(/^outlet: Izvestia$/m, `outlet: Izvestia\n${front}`),
        'content/interview.md',
        '',
        realNotes(),
      );
      const entries = unzipSync(site.resources.get(site.redirects.get('/interview.epub')!)!.variants.identity.body);
      return xml(entries, EPUB_PATHS.package)('meta[property="dcterms:modified"]').text();
    };
    expect(modifiedOf('modified: 2027-02-01')).toBe('2027-02-01T00:00:00Z');
    expect(modifiedOf('published: 2028-05-06')).toBe('2028-05-06T00:00:00Z');
    expect(modifiedOf('published: 2020-05-06\nmodified: 2027-02-01')).toBe('2027-02-01T00:00:00Z');
  });

  it('passes epubcheck-ts with a cover, a source URL and text full of markup, entities and bad characters', async () => {
    expect(await problems(hostileEpub())).toEqual([]);
  });

  // The check is worth running only if it can fail: each EPUB below is the real one broken in one place.
  it.each<[string, Breakage, string]>([
    ['mimetype compressed', { entries: (files) => files, storeMimetype: false }, 'PKG-006'],
    ['mimetype not first', { entries: ({ mimetype, ...rest }) => ({ ...rest, mimetype: mimetype! }) }, 'PKG-006'],
    [
      'container.xml naming a missing package',
      { file: 'META-INF/container.xml', replace: 'package.opf', with: 'gone.opf' },
      'OPF-002',
    ],
    [
      'a manifest item with no file',
      {
        file: EPUB_PATHS.package,
        replace: '<item id="style"',
        with: '<item id="ghost" href="ghost.xhtml" media-type="application/xhtml+xml"/><item id="style"',
      },
      'RSC-001',
    ],
    [
      'a spine entry naming no manifest item',
      { file: EPUB_PATHS.package, replace: '<itemref idref="section-4"/>', with: '<itemref idref="section-9"/>' },
      'OPF-049',
    ],
    [
      'a stylesheet missing from the manifest',
      { file: EPUB_PATHS.package, replace: /<item id="style"[^>]*>/, with: '' },
      'RSC-008',
    ],
    ['no dc:title', { file: EPUB_PATHS.package, replace: /<dc:title>.*<\/dc:title>/, with: '' }, 'RSC-005'],
    [
      'an XHTML file that is not well-formed',
      { file: EPUB_PATHS.section(2), replace: '<main>', with: '<main><p>open' },
      'HTM-004',
    ],
    [
      'an element XHTML does not have',
      { file: EPUB_PATHS.section(2), replace: '<main>', with: '<main><blink>x</blink>' },
      'RSC-005',
    ],
    ['an id used twice', { file: EPUB_PATHS.section(2), replace: '<main>', with: '<main><p id="q4">x</p>' }, 'RSC-005'],
    [
      'a contents link to a missing file',
      { file: EPUB_PATHS.nav, replace: 'section-3.xhtml', with: 'section-7.xhtml' },
      'RSC-007',
    ],
    [
      'a contents link to a missing anchor',
      { file: EPUB_PATHS.nav, replace: 'section-3.xhtml#', with: 'section-3.xhtml#gone' },
      'RSC-012',
    ],
  ])('reports %s (%s)', async (_, breakage, id) => {
    const reported = (await problems(breakEpub(epub, breakage))).map((line) => line.split(' ')[1]);
    expect(reported).toContain(id);
  });

  it('starts with the mimetype entry, stored, without extra field, and gives every entry the same fixed time', () => {
    const view = new DataView(epub.buffer, epub.byteOffset, epub.byteLength);
    expect(view.getUint32(0, true)).toBe(0x04034b50);
    expect(view.getUint16(8, true)).toBe(0); // compression method: stored
    const nameLength = view.getUint16(26, true);
    expect(view.getUint16(28, true)).toBe(0); // extra field length
    expect(new TextDecoder().decode(epub.subarray(30, 30 + nameLength))).toBe('mimetype');
    expect(new TextDecoder().decode(epub.subarray(30 + nameLength, 30 + nameLength + 20))).toBe('application/epub+zip');
    expect(Object.keys(files)[0]).toBe('mimetype');

    // Every local header carries the day of DEFAULT_MODIFIED at noon (a time every zone has): 2000-01-01 12:00:00.
    const times = new Set<number>();
    for (let offset = 0; offset + 4 <= epub.length; offset++) {
      if (view.getUint32(offset, true) === 0x04034b50) times.add(view.getUint32(offset + 10, true));
    }
    expect(times.size).toBe(1);
    const time = [...times][0]!;
    expect([
      (time >>> 25) + 1980,
      (time >>> 21) & 0xf,
      (time >>> 16) & 0x1f,
      (time >>> 11) & 0x1f,
      (time >>> 5) & 0x3f,
      time & 0x1f,
    ]).toEqual([2000, 1, 1, 12, 0, 0]);
  });

  it('is byte-identical when built again, from a fresh parse, and in another time zone', () => {
    expect(Buffer.from(buildEpub(rendered)).equals(Buffer.from(epub))).toBe(true);
    const fresh = parseInterview(content, 'content/interview.md');
    expect(
      Buffer.from(buildEpub(renderInterview(fresh, annotate(fresh, realNotes(), 'content/notes.yaml')))).equals(
        Buffer.from(epub),
      ),
    ).toBe(true);
    const zone = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati';
      expect(Buffer.from(buildEpub(rendered)).equals(Buffer.from(epub))).toBe(true);
      process.env.TZ = 'America/Los_Angeles';
      expect(Buffer.from(buildEpub(rendered)).equals(Buffer.from(epub))).toBe(true);
      // A date whose midnight does not exist in Santiago (clocks went from 00:00 to 01:00 on 2024-09-08).
      const dated = { modified: '2024-09-08T00:30:00Z' };
      process.env.TZ = 'UTC';
      const inUtc = Buffer.from(buildEpub(rendered, dated));
      process.env.TZ = 'America/Santiago';
      expect(Buffer.from(buildEpub(rendered, dated)).equals(inUtc)).toBe(true);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('rejects a modified date that is not YYYY-MM-DDThh:mm:ssZ, a cover that is not a PNG and a source that is not an http URL', () => {
    expect(() => buildEpub(rendered, { modified: '2025-01-15' })).toThrow(/modified/);
    expect(() => buildEpub(rendered, { modified: '1970-01-01T00:00:00Z' })).toThrow(/modified/);
    expect(() => buildEpub(rendered, { modified: '2025-02-30T00:00:00Z' })).toThrow(/modified/);
    expect(() => buildEpub(rendered, { modified: '2025-01-01T24:00:00Z' })).toThrow(/modified/);
    expect(() => buildEpub(rendered, { cover: { png: new Uint8Array([1, 2, 3]), alt: 'x' } })).toThrow(/PNG/);
    expect(() => buildEpub(rendered, { sourceUrl: 'javascript:alert(1)' })).toThrow(/sourceUrl/);
  });
});

describe('nothing lost', () => {
  it('has every non-empty line of the source text in its text, in reading order', () => {
    const lines = readFileSync(sourcePath, 'utf8')
      .split('\n')
      .map((line) =>
        line
          .trim()
          .replace(/^- /, '')
          .replace(/^"(.*)"$/, '$1')
          .replace(/\s+/g, ' '),
      )
      .filter(Boolean);
    expect(lines.length).toBeGreaterThan(40);
    const { paths, text } = readingOrder(files);
    expect(lines.filter((line) => !text.includes(line))).toEqual([]);
    // The sections' lines come in the order of the file (the headline, lede and credit are on the title page).
    const sectionsText = paths
      .filter((path) => /section-\d+\.xhtml$/.test(path))
      .map((path) => readText(fileText(files, path)))
      .join(' ');
    const positions = lines.slice(2, -1).map((line) => sectionsText.indexOf(line));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('keeps the words of text full of markup and entities as the web pages show them, with XML-safe characters', () => {
    const hostile = parseInterview(HOSTILE);
    const entries = unzipSync(buildEpub(renderInterview(hostile)));
    // Not the contents page: its excerpts could hide a paragraph lost from the text itself.
    const text = readingOrder(entries)
      .paths.filter((path) => path !== EPUB_PATHS.nav)
      .map((path) => readText(fileText(entries, path)))
      .join(' ');
    const paragraphs = [
      hostile.headline,
      ...hostile.lede,
      ...hostile.sections.flatMap((section) => [
        section.title,
        ...section.questions.flatMap((q) => [q.text, ...q.answer]),
      ]),
      hostile.credit!,
    ];
    // As every output shows a paragraph: less its control characters (src/content/characters.ts), XML-safe.
    const shown = (paragraph: { text: string }) =>
      foldPunctuation(plainText(withoutUnsafeCharacters(paragraph.text)))
        .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
        .replace(/\s+/g, ' ')
        .trim();
    expect(paragraphs.map(shown).filter((words) => !text.includes(words))).toEqual([]);
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toContain('a controlcharacter?');
    for (const path of Object.keys(entries).filter((name) => name.endsWith('.xhtml'))) {
      const file = fileText(entries, path);
      expect(file).not.toMatch(/&(?!(amp|lt|gt|quot|#[0-9]+|#x[0-9a-f]+);)/i);
      expect(file).not.toMatch(/<br>|<script/);
    }
  });

  it('turns renderInline HTML into XHTML: <br/>, numeric or XML entities only, attributes re-escaped', () => {
    expect(xhtmlFromHtml(renderInline('a  \nb'))).toBe('a<br/>b');
    expect(xhtmlFromHtml(renderInline('x &nbsp; &copy; & <b>'))).toBe('x \u00a0 © &amp; &lt;b&gt;');
    expect(xhtmlFromHtml(renderInline('[l](https://e.com/?a=1&b=2 "say \\"hi\\"")'))).toBe(
      '<a href="https://e.com/?a=1&amp;b=2" title="say &quot;hi&quot;" rel="noopener noreferrer">l</a>',
    );
    expect(xhtmlFromHtml(renderInline('He said "no" and \'yes\''))).toBe('He said "no" and \'yes\'');
  });

  it('gives well-formed XHTML with the words of plainText for any paragraph', () => {
    const piece = fc.constantFrom(
      '*',
      '**',
      '_',
      '`',
      '~~',
      '<',
      '>',
      '&',
      ';',
      '#',
      'x',
      '"',
      "'",
      '[',
      ']',
      '(',
      ')',
      '\\',
      '  ',
      'nbsp',
      'amp',
      '<b>',
      '</em>',
      '<br>',
      'https://e.com/?a=1&b=2',
      'javascript:',
      '\u0001',
      '\uD800',
      '\uFFFF',
      'é',
      '«»',
    );
    const paragraph = fc
      .array(fc.oneof(piece, fc.string({ maxLength: 4 })), { maxLength: 24 })
      .map((parts) => parts.join('').trim());
    fc.assert(
      fc.property(paragraph, (text) => {
        const out = xhtmlFromHtml(renderInline(text));
        // Only XML's own references, and only the allow-list's tags, in XML syntax and balanced.
        expect(out).not.toMatch(/&(?!(amp|lt|gt|quot|#39);)/);
        const tags = [...out.matchAll(/<[^>]*>/g)].map((match) => match[0]);
        const stack: string[] = [];
        for (const tag of tags) {
          const parsed =
            /^<(\/?)(a|em|strong|code|del|br)(?: [a-z]+="[^"<&]*(?:&(?:amp|lt|gt|quot|#39);[^"<&]*)*")*(\/?)>$/.exec(
              tag,
            );
          expect(parsed, tag).not.toBeNull();
          if (parsed![2] === 'br') expect(parsed![3]).toBe('/');
          else if (parsed![1]) expect(stack.pop()).toBe(parsed![2]);
          else stack.push(parsed![2]!);
        }
        expect(stack).toEqual([]);
        const words = decodeXml(out.replace(/<[^>]*>/g, ''))
          .replace(/\s+/g, ' ')
          .trim();
        const expected = plainText(text)
          .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
          .replace(/\s+/g, ' ')
          .trim();
        expect(words).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('navigation', () => {
  const $ = xml(files, EPUB_PATHS.nav);

  it('lists every section and, nested, every question numbered #1 to #9, each linking to its anchor', () => {
    const toc = $('nav[epub\\:type="toc"]');
    expect(toc.length).toBe(1);
    const sectionItems = toc
      .children('ol')
      .children('li')
      .filter((_, li) => $(li).children('ol').length > 0);
    expect(sectionItems.map((_, li) => $(li).children('a').text()).get()).toEqual(
      interview.sections.map((section) => section.title.text),
    );
    expect(sectionItems.map((_, li) => $(li).children('a').attr('href')).get()).toEqual(
      interview.sections.map((section) => `section-${section.number}.xhtml`),
    );
    const questions = sectionItems
      .find('ol > li > a')
      .map((_, a) => ({ href: $(a).attr('href')!, text: $(a).text() }))
      .get();
    expect(questions.map((question) => question.href)).toEqual(
      interview.sections.flatMap((section) => section.questions.map((q) => `section-${section.number}.xhtml#${q.id}`)),
    );
    expect(questions.map((question) => question.text.split(' ')[0])).toEqual([
      '1.',
      '2.',
      '3.',
      '4.',
      '5.',
      '6.',
      '7.',
      '8.',
      '9.',
    ]);
    // Every link lands on an element that exists.
    for (const { href } of questions) {
      const [file, id] = href.split('#');
      expect(xml(files, `EPUB/${file}`)(`[id="${id}"]`).length, href).toBe(1);
    }
  });

  it('has landmarks for the title page, the contents and the start of the interview', () => {
    const landmarks = $('nav[epub\\:type="landmarks"] a')
      .map((_, a) => `${$(a).attr('epub:type')} ${$(a).attr('href')}`)
      .get();
    expect(landmarks).toEqual(['titlepage title.xhtml', 'toc nav.xhtml', 'bodymatter section-1.xhtml']);
  });

  it("reads title page, contents, the sections in order, then the editor's notes, with no NCX", () => {
    expect(readingOrder(files).paths).toEqual([
      EPUB_PATHS.titlePage,
      EPUB_PATHS.nav,
      ...interview.sections.map((section) => EPUB_PATHS.section(section.number)),
      EPUB_PATHS.notes,
    ]);
    expect(Object.keys(files).some((name) => name.endsWith('.ncx'))).toBe(false);
  });
});

describe('content documents', () => {
  it('mark speakers as the web pages do: .qa sections with a labelled question turn and answer turn', () => {
    for (const section of interview.sections) {
      const $ = xml(files, EPUB_PATHS.section(section.number));
      expect(foldPunctuation($('h1').text())).toBe(section.title.text);
      const qas = $('section.qa');
      expect(qas.map((_, qa) => $(qa).attr('id')).get()).toEqual(section.questions.map((question) => question.id));
      qas.each((index, qa) => {
        const question = section.questions[index]!;
        expect($(qa).find('.turn-question .speaker').text()).toBe('Izvestia');
        expect($(qa).find('.turn-answer .speaker').text()).toBe('Georgy Zinoviev');
        expect(foldPunctuation($(qa).find('.turn-question h2.question-text').text())).toBe(question.text.text);
        expect(
          $(qa)
            .find('.turn-answer > p:not(.turn-meta)')
            .map((_, p) => foldPunctuation($(p).text()))
            .get(),
        ).toEqual(question.answer.map((paragraph) => paragraph.text));
      });
    }
  });

  it('put the headline, byline, lede, source line and Russian credit on the title page, the credit with xml:lang="ru"', () => {
    const $ = xml(files, EPUB_PATHS.titlePage);
    // The headline is the ambassador's words: a quotation, as the source sets it.
    expect($('h1').text()).toBe(`\u201c${interview.headline.text}\u201d`);
    expect($('.byline').text()).toBe('Izvestia · Georgy Zinoviev, Russian Ambassador to the Republic of Korea');
    expect(
      $('.lede')
        .map((_, p) => foldPunctuation($(p).text()))
        .get(),
    ).toEqual(interview.lede.map((paragraph) => paragraph.text));
    expect($('.source').text()).toBe(
      "An interview by Izvestia with Georgy Zinoviev, Russian Ambassador to the Republic of Korea. Machine translation from Russian; wording and slips are the translation's.",
    );
    const credit = $('.credit [xml\\:lang="ru"]');
    expect(credit.attr('lang')).toBe('ru');
    expect(credit.text()).toBe('Переведено сервисом «Яндекс Переводчик»');
    expect($('html').attr('xml:lang')).toBe('en');
  });

  it('take every paragraph from the RenderedInterview, never rendering the Markdown again', () => {
    const [section, ...others] = rendered.sections;
    const [first, ...rest] = section!.questions;
    const marked = {
      html: '<em>from the rendered value</em> &amp; <br>',
      text: 'Rendered title text',
      summary: '',
      notes: [],
    };
    const changed = {
      ...rendered,
      sections: [{ ...section!, title: marked, questions: [{ ...first!, question: marked }, ...rest] }, ...others],
    };
    const file = fileText(unzipSync(buildEpub(changed)), EPUB_PATHS.section(section!.source.number));
    expect(file).toContain(
      '<h2 class="question-text" id="' + first!.source.id + '-text"><em>from the rendered value</em> &amp; <br/></h2>',
    );
    expect(file).toContain('<title>Rendered title text</title>');
    expect(fileText(unzipSync(buildEpub(changed)), EPUB_PATHS.nav)).toContain('Rendered title text');
    for (const module of ['epub/package.ts', 'epub/documents.ts', 'epub/xhtml.ts']) {
      const source = readFileSync(new URL(`../src/render/${module}`, import.meta.url), 'utf8');
      expect(source, module).not.toMatch(/renderInline|plainText|markdown\.js/);
    }
  });

  it('use a stylesheet with no pixel sizes and no colours, so reader settings and night mode apply', () => {
    const css = fileText(files, EPUB_PATHS.stylesheet);
    expect(css).not.toMatch(/\d\s*px\b/);
    expect(css).not.toMatch(/(^|[\s;{])(color|background(-color)?|font-family)\s*:/);
    expect(css).toMatch(/\.question-text \{[^}]*font-size: 1em/);
  });
});

describe('package metadata', () => {
  const $ = xml(files, EPUB_PATHS.package);
  const roleOf = (id: string | undefined) =>
    $(`meta[refines="#${id}"][property="role"][scheme="marc:relators"]`).text();

  it('names the headline as title, English as language, and the source', () => {
    expect($('dc\\:title').text()).toBe(`\u201c${interview.headline.text}\u201d`);
    expect($('dc\\:language').text()).toBe('en');
    expect($('dc\\:source').text()).toBe(
      'Izvestia: interview with Georgy Zinoviev (Russian Ambassador to the Republic of Korea), machine-translated from Russian by Yandex Translate',
    );
    const withUrl = xml(unzipSync(buildEpub(rendered, { sourceUrl: 'https://iz.ru/1' })), EPUB_PATHS.package);
    expect(withUrl('dc\\:source').text()).toBe('https://iz.ru/1');
  });

  it('gives interviewer, interviewee, publisher and translation service their MARC roles', () => {
    const people = [
      ...$('dc\\:creator, dc\\:contributor, dc\\:publisher')
        .map((_, el) => `${el.tagName} ${$(el).text()} ${roleOf($(el).attr('id'))}`)
        .get(),
    ];
    expect(people.sort()).toEqual([
      'dc:contributor Yandex Translate trl',
      'dc:creator Georgy Zinoviev ive',
      'dc:creator Izvestia ivr',
      'dc:publisher Izvestia pbl',
    ]);
  });

  it('has a urn:uuid identifier that is stable across builds and line moves, and changes when a word changes', () => {
    const id = $('dc\\:identifier').text();
    expect(id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect($('package').attr('unique-identifier')).toBe($('dc\\:identifier').attr('id'));
    expect(epubIdentifier(parseInterview(content))).toBe(id);
    expect(epubIdentifier(parseInterview(content.replace('\n---\n', '\n---\n\n\n')))).toBe(id);
    expect(epubIdentifier(parseInterview(content.replace('Trade turnover between', 'Trade volume between')))).not.toBe(
      id,
    );
    expect(epubIdentifier(parseInterview(content.replace('name: Georgy Zinoviev', 'name: G. Zinoviev')))).not.toBe(id);
  });

  it('has a dcterms:modified that comes from the content or options, never the clock', () => {
    const modified = $('meta[property="dcterms:modified"]').text();
    expect(modified).toBe(DEFAULT_MODIFIED);
    expect(modified).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(Math.abs(Date.parse(modified) - Date.now())).toBeGreaterThan(24 * 3600 * 1000);
    const dated = xml(unzipSync(buildEpub(rendered, { modified: '2025-01-15T09:30:00Z' })), EPUB_PATHS.package);
    expect(dated('meta[property="dcterms:modified"]').text()).toBe('2025-01-15T09:30:00Z');
  });

  it('declares accessibility metadata that is true of a text-only file, and of one with a described cover', () => {
    const values = (doc: cheerio.CheerioAPI, property: string) =>
      doc(`meta[property="${property}"]`)
        .map((_, m) => doc(m).text())
        .get();
    expect(values($, 'schema:accessMode')).toEqual(['textual']);
    expect(values($, 'schema:accessModeSufficient')).toEqual(['textual']);
    expect(values($, 'schema:accessibilityFeature')).toEqual([
      'structuralNavigation',
      'tableOfContents',
      'readingOrder',
      'displayTransformability',
    ]);
    expect(values($, 'schema:accessibilityHazard')).toEqual(['none']);
    expect(values($, 'schema:accessibilitySummary')[0]).toMatch(/text/);
    expect(values($, 'dcterms:conformsTo')).toEqual(['EPUB Accessibility 1.1 - WCAG 2.1 Level AA']);
    expect(values($, 'a11y:certifiedBy')).toHaveLength(1);

    const entries = unzipSync(buildEpub(rendered, { cover: { png: coverPng(), alt: 'A blue cover' } }));
    const withCover = xml(entries, EPUB_PATHS.package);
    expect(values(withCover, 'schema:accessMode')).toEqual(['textual', 'visual']);
    expect(values(withCover, 'schema:accessibilityFeature')).toContain('alternativeText');
    expect(withCover('item[properties="cover-image"]').attr('href')).toBe('cover.png');
    expect(xml(entries, 'EPUB/cover.xhtml')('img').attr('alt')).toBe('A blue cover');
    expect(readingOrder(entries).paths[0]).toBe('EPUB/cover.xhtml');
  });

  it('says in its accessibility summary what the text has: a credit in another language only for a translation', () => {
    const summaryOf = (text: string) =>
      xml(
        unzipSync(buildEpub(renderInterview(parseInterview(text)))),
        EPUB_PATHS.package,
      )('meta[property="schema:accessibilitySummary"]').text();
    const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}/input.md`, import.meta.url), 'utf8');
    const original = summaryOf(fixture('minimal'));
    expect(original).toContain('the language of the text is marked');
    expect(original).not.toMatch(/credit|Russian|translat/);
    expect(summaryOf(fixture('machine-translation-credit'))).toContain(
      'the language of the text and of the Russian credit is marked',
    );
    expect(summaryOf(fixture('machine-translation-credit').replace('from: ru', 'from: uk'))).toContain(
      'the language of the text and of the Ukrainian credit is marked',
    );
  });
});

describe('editorial notes', () => {
  const documents = Object.keys(files).filter((path) => /EPUB\/(title|section-\d+)\.xhtml$/.test(path));
  const noterefs = documents.flatMap((path) => {
    const $ = xml(files, path);
    return $('a[epub\\:type="noteref"]')
      .map((_, a) => ({ path, $, a: $(a) }))
      .get();
  });
  const footnotes = documents.flatMap((path) => {
    const $ = xml(files, path);
    return $('aside[epub\\:type="footnote"]')
      .map((_, aside) => ({ path, $, aside: $(aside) }))
      .get();
  });
  /** The text of every paragraph, question, title, headline and lede, as the reader sees it without notes. */
  const paragraphTexts = new Set(
    [
      rendered.headline,
      ...rendered.lede,
      ...rendered.sections.flatMap((s) => [s.title, ...s.questions.flatMap((q) => [q.question, ...q.answer])]),
    ].map((paragraph) => paragraph.text),
  );

  it('has one noteref and one footnote per note, with the EPUB 3 types and DPUB-ARIA roles, in the same document', () => {
    expect(rendered.notes.length).toBe(18);
    expect(noterefs.map(({ a }) => a.attr('id'))).toEqual(rendered.notes.map((note) => `noteref-${note.source.id}`));
    expect(footnotes.map(({ aside }) => aside.attr('id')).sort()).toEqual(
      rendered.notes.map((note) => `note-${note.source.id}`).sort(),
    );
    for (const { a } of noterefs) expect(a.attr('role')).toBe('doc-noteref');
    for (const { aside } of footnotes) expect(aside.attr('role')).toBe('doc-footnote');
    for (const { path, a } of noterefs) {
      const target = footnotes.find(({ aside }) => `#${aside.attr('id')}` === a.attr('href'));
      expect(target?.path, a.attr('id')).toBe(path);
    }
  });

  it('links each footnote back to its words (role doc-backlink), and each noteref to its footnote, both ways', () => {
    expect(footnotes.length).toBe(rendered.notes.length);
    for (const { path, $, aside } of footnotes) {
      const back = aside.find('a[role="doc-backlink"]');
      expect(back.length).toBe(1);
      expect(back.text()).toBe('↩');
      const ref = $(`[id="${back.attr('href')!.slice(1)}"]`);
      expect(ref.length, `${path} ${back.attr('href')}`).toBe(1);
      expect(ref.attr('epub:type')).toBe('noteref');
      expect(ref.attr('href')).toBe(`#${aside.attr('id')}`);
    }
  });

  it('wraps exactly the words of each note, adding no character: every paragraph reads as the source', () => {
    expect(noterefs.length).toBe(rendered.notes.length);
    for (const { a } of noterefs) {
      const note = rendered.notes.find((n) => n.refId === a.attr('id'))!;
      expect(foldPunctuation(a.text())).toBe(note.quote);
      expect(a.children().length, 'nothing but the words inside the noteref').toBe(0);
      const holder = foldPunctuation(a.closest('p, h1, h2').text()).replace(/^\u201c(.*)\u201d$/, '$1');
      expect(paragraphTexts.has(holder), holder).toBe(true);
    }
    // The same documents without notes read the same, word for word, outside the footnotes.
    for (const path of documents) {
      const withNotes = xml(files, path);
      withNotes('aside').remove();
      const withoutNotes = xml(bare, path);
      expect(withNotes('main').text().replace(/\s+/g, ' '), path).toBe(
        withoutNotes('main').text().replace(/\s+/g, ' '),
      );
    }
  });

  it("labels each footnote as the editor's, with its number and kind, the words, the correction, and the note", () => {
    for (const note of rendered.notes) {
      const { aside } = footnotes.find(({ aside }) => aside.attr('id') === note.noteId)!;
      expect(aside.find('.note-head').text()).toBe(`Editor's note ${note.source.number} · ${note.kindLabel}`);
      expect(aside.attr('aria-labelledby')).toBe(aside.find('.note-head').attr('id'));
      expect(foldPunctuation(aside.find('.note-quote').text())).toBe(note.quote);
      expect(aside.find('.note-correct').text()).toBe(note.source.correct ?? '');
      expect(aside.find('.note-text').text()).toContain(note.text);
    }
    const kazakhstan = footnotes.find(({ aside }) => aside.attr('id') === 'note-kazakhstan-korea')!.aside;
    expect(kazakhstan.find('.note-head').text()).toBe("Editor's note 3 · Translation slip");
    expect(kazakhstan.find('.note-text').text()).toMatch(/^Republic of Kazakhstan, most likely Republic of Korea: /);
  });

  it('puts each footnote after the answer of its question, at the end of its section for a title, on the title page for the lede', () => {
    for (const note of rendered.notes) {
      const { path, aside } = footnotes.find(({ aside }) => aside.attr('id') === note.noteId)!;
      const { section, question } = note.source.place;
      if (section === null) {
        expect(path).toBe(EPUB_PATHS.titlePage);
      } else if (question === null) {
        expect(path).toBe(EPUB_PATHS.section(section));
        expect(aside.parent().attr('id')).toBe(`section-${section}`);
        expect(aside.nextAll(':not(aside)').length, 'after the last question').toBe(0);
      } else {
        expect(path).toBe(EPUB_PATHS.section(section));
        expect(aside.parent().attr('id')).toBe(question);
        expect(aside.prevAll('.turn-answer').length).toBe(1);
      }
    }
  });

  describe("the editor's notes document", () => {
    /** The notes log, read when a test runs. */
    const read = () => {
      const $ = xml(files, EPUB_PATHS.notes);
      const entries = $('ol.notes-list > li')
        .map((_, li) => ({
          id: $(li).attr('id')!.replace(/^log-/, ''),
          value: Number($(li).attr('value')),
          group: $(li).closest('section.notes-group').attr('id'),
          href: $(li).find('.note-where a').attr('href')!,
        }))
        .get();
      return { $, entries };
    };

    it('lists every note once, grouped by kind (slips, context, word choices), in text order, numbered as in the text', () => {
      const { $, entries } = read();
      expect(entries.map((entry) => entry.id).sort()).toEqual(rendered.notes.map((note) => note.source.id).sort());
      expect(
        $('section.notes-group h2')
          .map((_, h2) => $(h2).text())
          .get(),
      ).toEqual(['Translation slips (6)', 'Context (10)', 'Word choices (2)']);
      for (const entry of entries) {
        const note = rendered.notes.find((n) => n.source.id === entry.id)!;
        expect(entry.value).toBe(note.source.number);
        expect(entry.group).toBe(`notes-${note.source.kind}`);
      }
      for (const group of ['notes-correction', 'notes-context', 'notes-translation']) {
        const values = entries.filter((entry) => entry.group === group).map((entry) => entry.value);
        expect(values).toEqual([...values].sort((a, b) => a - b));
      }
    });

    it('links each note to its words in the text', () => {
      const { $, entries } = read();
      for (const entry of entries) {
        const [file, id] = entry.href.split('#');
        const target = xml(files, `EPUB/${file}`)(`[id="${id}"]`);
        expect(target.length, entry.href).toBe(1);
        expect(target.attr('epub:type')).toBe('noteref');
        expect(target.attr('href')).toBe(`#note-${entry.id}`);
      }
      expect($('li#log-kazakhstan-korea .note-where').text()).toBe('Section 1, question 2');
      expect($('li#log-rok .note-where').text()).toBe('The introduction');
      expect($('li#log-kiev-kyiv .note-where').text()).toBe('Title of section 2');
    });

    it('is in the manifest, read last, and listed in the contents; none of it when there are no notes', () => {
      const opf = xml(files, EPUB_PATHS.package);
      expect(opf('manifest > item[href="notes.xhtml"]').attr('media-type')).toBe('application/xhtml+xml');
      expect(xml(files, EPUB_PATHS.nav)('nav[epub\\:type="toc"] > ol > li > a[href="notes.xhtml"]').text()).toBe(
        "Editor's notes",
      );
      expect(xml(files, EPUB_PATHS.package)('meta[property="schema:accessibilitySummary"]').text()).toMatch(/notes/);
      expect(bare[EPUB_PATHS.notes]).toBeUndefined();
      expect(fileText(bare, EPUB_PATHS.nav)).not.toContain('notes.xhtml');
      expect(fileText(bare, EPUB_PATHS.package)).not.toContain('notes.xhtml');
      expect(fileText(bare, EPUB_PATHS.section(1))).not.toMatch(/noteref|footnote/);
    });
  });

  it('marks notes on a headline, an entity, emphasis and characters XML cannot hold', () => {
    const entries = unzipSync(buildEpub(hostileRendered));
    const title = xml(entries, EPUB_PATHS.titlePage);
    expect(title('h1 a[epub\\:type="noteref"]').text()).toBe('<script>alert(1)</script> & an');
    expect(title('.lede a[epub\\:type="noteref"]').text()).toBe('© 2024');
    expect(title('#note-headline-script .note-correct').text()).toBe('x < y & "z"');
    expect(title('#note-headline-script .note-text a').attr('href')).toBe('https://example.com/?a=1&b=2');
    const section = xml(entries, EPUB_PATHS.section(1));
    expect(section('h1 a[epub\\:type="noteref"]').text()).toBe('Section');
    expect(section('strong > a[epub\\:type="noteref"]').text()).toBe('strong');
    expect(section('#noteref-control').text()).toBe('controlcharacter');
    expect(xml(entries, EPUB_PATHS.notes)('ol.notes-list > li').length).toBe(6);
  });
});
