// Property tests with fast-check: the parser fails only with ContentError, nothing is lost, and the sanitiser lets no script through.
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ContentError } from '../src/content/errors.js';
import { renderInline } from '../src/render/markdown.js';
import { parseInterview } from '../src/content/parse.js';
import { loadTemplates } from '../src/run/templates.js';
import { renderPages } from '../src/render/pages.js';
import { renderInterview } from '../src/render/rendered.js';
import { expectNothingLost } from './support/nothing-lost.js';
import { root } from './support/site.js';

const templates = loadTemplates(join(root, 'views'));
// The pages as rendered, before compression: the bytes the site serves, without brotli's cost per run.
const render = (text: string) =>
  new Map(
    renderPages(renderInterview(parseInterview(text)), templates, {
      assets: { css: '/s.css', js: '/r.js', icon: '/i.svg' },
      baseUrl: '',
    }).map((page) => [page.path, page.html]),
  );

/** Pieces that steer random text into the parser's branches: headings, turns, front matter, line endings. */
const structural = fc.constantFrom(
  '"',
  '""',
  '"Title"',
  '- ',
  '-',
  '---',
  '---\n',
  'outlet: x',
  'translation:',
  '  from: ru',
  'key: [',
  ':',
  '\r\n',
  '\n',
  '\r',
  '\uFEFF',
  '\u2028',
  ' ',
  '\t',
  '#',
  '*',
);
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(fc.oneof(structural, fc.string({ maxLength: 8 })), { maxLength: 60 }).map((parts) => parts.join('')),
  fc.array(fc.oneof(structural, fc.string({ maxLength: 20 })), { maxLength: 20 }).map((lines) => lines.join('\n')),
);

describe('parseInterview on any string', () => {
  it('returns an Interview or throws a ContentError, never anything else', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(anyText, (text) => {
        try {
          parseInterview(text, 'prop.md');
        } catch (error) {
          if (!(error instanceof ContentError)) throw error;
          expect(error.message.startsWith('prop.md')).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

/** Words without Markdown syntax, so a line's text is exactly what a reader sees; `<`, `>`, `&` and `'` test the escaping. */
const word = fc.oneof(
  { weight: 8, arbitrary: fc.stringMatching(/^[A-Za-zА-Яа-я0-9]{1,10}[,.!?]?$/) },
  { weight: 1, arbitrary: fc.constantFrom('<b>', '&', "it's", '<script>x</script>', 'a<b', '>') },
);
const sentence = fc.array(word, { minLength: 1, maxLength: 12 }).map((words) => words.join(' '));
const question = fc.record({ text: sentence, answer: fc.array(sentence, { minLength: 1, maxLength: 3 }) });
const interview = fc.record({
  headline: sentence,
  lede: fc.array(sentence, { maxLength: 2 }),
  sections: fc.uniqueArray(
    fc.record({ title: sentence, questions: fc.array(question, { minLength: 1, maxLength: 3 }) }),
    {
      minLength: 1,
      maxLength: 4,
      selector: (section) => section.title.toLowerCase(),
    },
  ),
});
type Generated = typeof interview extends fc.Arbitrary<infer T> ? T : never;

const toText = (generated: Generated): string =>
  [
    `"${generated.headline}"`,
    ...generated.lede,
    ...generated.sections.flatMap((section) => [
      `"${section.title}"`,
      ...section.questions.flatMap((q) => [`- ${q.text}`, `- ${q.answer[0]}`, ...q.answer.slice(1)]),
    ]),
  ].join('\n');

describe('a generated well-formed interview', () => {
  it('shows every input line on the pages and on /full, with unique question ids', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(interview, (generated) => {
        const text = toText(generated);
        const pages = render(text);
        const pageText = (path: string) => cheerio.load(pages.get(path)!)('body').text().replace(/\s+/g, ' ');
        const parsed = parseInterview(text);
        const sectionPages = [...pages.keys()].filter((path) => path.startsWith('/sections/'));
        expect(sectionPages).toHaveLength(generated.sections.length);
        const everyPage = ['/', ...sectionPages].map(pageText).join(' ');
        const full = pageText('/full');
        expectNothingLost('the home and section pages', everyPage, text);
        expectNothingLost('/full', full, text);
        const ids = parsed.sections.flatMap((section) => section.questions.map((q) => q.id));
        expect(new Set(ids).size).toBe(ids.length);
        const fullIds = cheerio
          .load(pages.get('/full')!)('[id]')
          .map((_, el) => el.attribs.id)
          .get();
        expect(new Set(fullIds).size).toBe(fullIds.length);
      }),
      { numRuns: 40 },
    );
  });
});

/** Fragments of known XSS payloads, mixed with random text. */
const hostile = fc.constantFrom(
  '<script>',
  '</script>',
  '<SCRIPT SRC=//x>',
  '<img src=x onerror=alert(1)>',
  '<svg/onload=alert(1)>',
  ' onmouseover=',
  'onclick="x"',
  'javascript:',
  'JaVaScRiPt:',
  'java\tscript:',
  '&#106;avascript:',
  '&#x6A;avascript:',
  'vbscript:',
  'data:text/html,',
  '[a](',
  '](',
  ')',
  '<a href="',
  '">',
  '<a href=javascript:alert(1)>',
  '<',
  '>',
  '"',
  "'",
  '`',
  '*',
  '_',
  '\\',
  '<!--',
  '-->',
  '<iframe',
  '<style>',
  '<',
  '&lt;script',
  '%3Cscript',
  ' ',
  '\n',
);
const hostileText = fc
  .array(fc.oneof(hostile, fc.string({ maxLength: 6 })), { maxLength: 40 })
  .map((parts) => parts.join(''));

describe('renderInline on hostile text', () => {
  it('never lets a <script, an on… attribute or a javascript: URL through', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const html = renderInline(text);
        expect(html).not.toMatch(/<script/i);
        const $ = cheerio.load(`<div>${html}</div>`);
        $('*').each((_, element) => {
          for (const [name, value] of Object.entries($(element).attr() ?? {})) {
            expect(name).not.toMatch(/^on/i);
            // Browsers skip white space and control characters inside a scheme: so does this check.
            // eslint-disable-next-line no-control-regex
            expect(value.replace(/[\s\u0000-\u001f]/g, '')).not.toMatch(/^(javascript|vbscript|data):/i);
          }
        });
        expect($('script, iframe, img, svg, style').length).toBe(0);
      }),
      { numRuns: 3000 },
    );
  });
});
