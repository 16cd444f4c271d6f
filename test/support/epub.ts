// EPUBs for the checks: the real interview's, a hostile one, and a valid EPUB broken on purpose in one place.
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { PNG } from 'pngjs';
import { annotate } from '../../src/content/notes.js';
import { parseInterview } from '../../src/content/parse.js';
import { buildEpub } from '../../src/render/epub/index.js';
import { renderInterview } from '../../src/render/rendered.js';
import { realContent, realNotes } from './site.js';

const realInterview = parseInterview(realContent(), 'content/interview.md');
/** The real interview's EPUB with its editorial notes, as the site serves it. */
export const realEpub = (): Uint8Array =>
  buildEpub(renderInterview(realInterview, annotate(realInterview, realNotes(), 'content/notes.yaml')));

/** A small opaque PNG, for the cover. */
export function coverPng(): Uint8Array {
  const png = new PNG({ width: 40, height: 60 });
  for (let index = 0; index < png.data.length; index += 4) png.data.set([30, 60, 90, 255], index);
  return new Uint8Array(PNG.sync.write(png));
}

/** An interview whose paragraphs hold every kind of text renderInline and XML treat specially. */
export const HOSTILE = `---
outlet: Izvestia & Co <Ltd>
interviewee:
  name: A "Quoted" Name
  role: Ambassador's <role>
translation:
  from: ru
  service: Yandex Translate
  credit: "Переведено сервисом «Яндекс Переводчик» & <b>"
---
"A *headline* with <script>alert(1)</script> & an [evil link](javascript:alert(1))"
Lede with &nbsp;non-breaking&nbsp;space, &copy; 2024, &#x27;hex&#39; &#8212; and a stray & plus a  \\ backslash.
"Section [one](https://example.com/one?a=1&b=2 "t'i\\"tle")"
- A question with \`code <x> & y\`, **strong**, ~~gone~~ and a control\u0001character?
- An answer with <br> and <br/> and <p>paragraph</p>, an image ![alt](https://example.com/x.png) and ' " quotes.
A continuation with an autolink <https://example.com/?q=a&r=b> and a "quoted" word.
"Section two: <em>raw</em> & more"
- Question two?
- Answer two, with a lone surrogate \uD800 and U+FFFF \uFFFF.
Переведено сервисом «Яндекс Переводчик» & <b>
`;

/**
 * Notes on the hostile interview: on the headline (words with markup characters), the lede (an entity), a title
 * (beside a link), emphasis and a character XML cannot hold; a note text and a correction full of markup.
 */
export const HOSTILE_NOTES = `
- id: headline-script
  kind: correction
  quote: "<script>alert(1)</script> & an"
  correct: 'x < y & "z"'
  note: "A *note* with <b>raw</b> & a [link](https://example.com/?a=1&b=2) and 'quotes'."
- id: lede-copy
  kind: context
  quote: "&copy; 2024"
  note: The year.
- id: title-one
  kind: translation
  quote: Section
  suffix: " [one]"
  note: A note on a title.
- id: strong
  kind: context
  quote: "**strong**"
  note: Bold.
- id: control
  kind: correction
  quote: "control\\x01character"
  correct: control character
  note: A character XML cannot hold.
- id: answer-two
  kind: context
  quote: Answer two
  note: The last note.
`;
const hostileInterview = parseInterview(HOSTILE);
/** The hostile interview rendered with its notes. */
export const hostileRendered = renderInterview(
  hostileInterview,
  annotate(hostileInterview, HOSTILE_NOTES, 'notes.yaml'),
);

/** The hostile interview's EPUB, notes included, with a cover and a source URL: every optional part present. */
export const hostileEpub = (): Uint8Array =>
  buildEpub(hostileRendered, {
    cover: { png: coverPng(), alt: 'The headline in white on blue' },
    sourceUrl: 'https://iz.ru/1234567/interview?from=a&to=b',
  });

/** How to break an EPUB: a text replaced in one of its files, or its entries rearranged. */
export type Breakage =
  | { file: string; replace: string | RegExp; with: string }
  | { entries: (files: Record<string, Uint8Array>) => Record<string, Uint8Array>; storeMimetype?: boolean };

/** `epub` with one thing broken, zipped again (mimetype stored unless the breakage says otherwise). */
export function breakEpub(epub: Uint8Array, breakage: Breakage): Uint8Array {
  let files: Record<string, Uint8Array> = unzipSync(epub);
  if ('file' in breakage) {
    const text = strFromU8(files[breakage.file]!);
    const changed = text.replace(breakage.replace, breakage.with);
    if (changed === text) throw new Error(`${String(breakage.replace)} is not in ${breakage.file}`);
    files = { ...files, [breakage.file]: strToU8(changed) };
  } else {
    files = breakage.entries(files);
  }
  const store = !('storeMimetype' in breakage) || breakage.storeMimetype !== false;
  const zippable: Zippable = {};
  for (const [name, bytes] of Object.entries(files)) {
    zippable[name] = [bytes, { level: name === 'mimetype' && store ? 0 : 6 }];
  }
  return zipSync(zippable);
}
