// One paragraph of text → safe inline HTML: marked for the inline syntax, then sanitize-html with one allow-list.
import { Marked, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { escapeHtml } from './text.js';

/** http(s), mailto, or a relative URL (no scheme at all). */
const isSafeHref = (href: string): boolean => /^(https?:|mailto:)/i.test(href) || !/^[^/?#]*:/.test(href);

/**
 * Inline Markdown only: a paragraph never becomes a list, heading or block quote, so the
 * interview's `- ` turns can never turn into bullets. Raw HTML in the text is shown as text,
 * not dropped (nothing is lost), and images are shown as their source text, because a page
 * must not load anything from another origin.
 */
const marked = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html: (token: Tokens.HTML | Tokens.Tag) => escapeHtml(token.raw),
    image: (token: Tokens.Image) => escapeHtml(token.raw),
    // A link whose scheme is not allowed stays visible as the text it was; `false` means "render as usual".
    link: (token: Tokens.Link) => (isSafeHref(token.href) ? false : escapeHtml(token.raw)),
  },
});

/** The allow-list: what a paragraph may contain after rendering. Anything else is escaped, never executed. */
export const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: ['a', 'em', 'strong', 'code', 'del', 'br'],
  allowedAttributes: { a: ['href', 'title', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: /^https?:/i.test(attribs.href ?? '') ? { ...attribs, rel: 'noopener noreferrer' } : attribs,
    }),
  },
  allowedClasses: {},
};

/** Renders one paragraph's text to HTML safe to put inside a `<p>` or heading. Empty text gives ''. */
export function renderInline(text: string): string {
  return sanitizeHtml(marked.parseInline(text) as string, ALLOWED);
}

/** Plain text for attributes and metadata: no markup, entities escaped by the template. */
export function plainText(text: string): string {
  return sanitizeHtml(marked.parseInline(text) as string, { allowedTags: [], allowedAttributes: {} })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
