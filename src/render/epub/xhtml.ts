// XML text for the EPUB: text and attributes as XML, and the safe inline HTML of a rendered paragraph → well-formed XHTML. Pure.
import { escapeHtml } from '../text.js';

/** Characters XML 1.0 cannot hold at all, not even as references (C0 controls, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text with each character XML cannot hold replaced by U+FFFD: what the file keeps of the text. */
export const xmlChars = (text: string): string => text.replace(NOT_XML, '\uFFFD');

/**
 * Text → XML character data: a character XML cannot hold becomes U+FFFD (the only change ever made to words), then
 * escapeHtml, which leaves straight quotes in text as they are (readers' tools flag `&quot;` there).
 */
export const xmlText = (text: string): string => escapeHtml(xmlChars(text), { quotes: false });

/** An attribute value → XML, as xmlText but with the quotes escaped too. */
export const attr = (text: string): string => escapeHtml(xmlChars(text));

/** Decodes the character references sanitize-html and marked can leave in text: numeric ones and the XML five. */
function decodeReferences(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z][a-z0-9]*);/gi, (reference, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
    }
    const known: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    const char = known[name.toLowerCase()];
    if (char === undefined)
      throw new Error(`epub: the rendered HTML has the entity ${reference}, which has no XHTML mapping here`);
    return char;
  });
}

/** The tags rendered paragraphs may hold (markdown.ts's allow-list) and the attributes each may carry. */
const INLINE_TAGS: Record<string, readonly string[]> = {
  a: ['href', 'title', 'rel'],
  em: [],
  strong: [],
  code: [],
  del: [],
  br: [],
};
const TAG = /<(\/?)([a-z]+)((?:\s+[a-z-]+(?:="[^"]*")?)*)\s*(\/?)>/gi;
const ATTRIBUTE = /([a-z-]+)(?:="([^"]*)")?/gi;

/**
 * A rendered paragraph's `html` (see rendered.ts) → well-formed XHTML, so the EPUB says what the web pages say:
 * the same inline markup, the same escaping of raw HTML. Tags are re-emitted in XML syntax (`<br/>`), attribute
 * values and text are decoded and re-escaped for XML, so no HTML-only entity can reach the file.
 *
 * @throws Error when `html` has an unbalanced tag or a named entity other than XML's five (the allow-list's
 *   output never does).
 */
export function xhtmlFromHtml(html: string): string {
  let out = '';
  let last = 0;
  const open: string[] = [];
  for (const match of html.matchAll(TAG)) {
    out += xmlText(decodeReferences(html.slice(last, match.index)));
    last = match.index + match[0].length;
    const [, closing, rawName, rawAttributes, selfClosing] = match;
    const name = rawName!.toLowerCase();
    const allowed = INLINE_TAGS[name];
    if (!allowed) {
      // Not from the allow-list (cannot happen with sanitize-html's output): keep it visible as text.
      out += xmlText(decodeReferences(match[0]));
    } else if (closing) {
      if (open[open.length - 1] !== name) throw new Error(`epub: the rendered HTML has a stray </${name}>`);
      open.pop();
      out += `</${name}>`;
    } else {
      let attributes = '';
      for (const attribute of (rawAttributes ?? '').matchAll(ATTRIBUTE)) {
        const attributeName = attribute[1]!.toLowerCase();
        if (allowed.includes(attributeName))
          attributes += ` ${attributeName}="${attr(decodeReferences(attribute[2] ?? ''))}"`;
      }
      if (name === 'br') out += `<br${attributes}/>`;
      else if (selfClosing) out += `<${name}${attributes}></${name}>`;
      else {
        open.push(name);
        out += `<${name}${attributes}>`;
      }
    }
  }
  out += xmlText(decodeReferences(html.slice(last)));
  if (open.length > 0) throw new Error(`epub: the rendered HTML leaves <${open.join('>, <')}> open`);
  return out;
}
