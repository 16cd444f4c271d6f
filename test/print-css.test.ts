// The printed running head: the headline, his quotation, written into the served stylesheet as a CSS string that holds any headline exactly.
import { describe, expect, it } from 'vitest';
import * as cheerio from 'cheerio';
import { realContent, realSite, siteFrom } from './support/site.js';

/** The served stylesheet's text. */
function stylesheet(site: ReturnType<typeof realSite>): string {
  const path = [...site.resources.keys()].find((name) => /^\/assets\/style\.[\w-]+\.css$/.test(name));
  expect(path).toBeDefined();
  return site.resources.get(path!)!.variants.identity.body.toString('utf8');
}

/** The running head's words, read back from the stylesheet as a CSS parser reads the string. */
function runningHead(css: string): string | undefined {
  const string = /@page\{@top-left\{content:"((?:[^"\\\n]|\\[^])*)"\}\}$/.exec(css)?.[1];
  // One pass, as CSS reads escapes: a hex escape and its one terminating space, or an escaped character.
  return string?.replace(/\\(?:([0-9a-f]{1,6}) ?|([^]))/gi, (_, hex?: string, char?: string) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : char!,
  );
}

describe('the printed running head', () => {
  it('is the headline as his quotation, set typographically, in a rule at the end of the served stylesheet', () => {
    const headline = /^"(.*)"$/m.exec(realContent().split('---').slice(2).join('---'))![1]!;
    expect(runningHead(stylesheet(realSite()))).toBe(`\u201c${headline.replace(/'/g, '\u2019')}\u201d`);
  });

  it('holds a headline full of quotes, backslashes, braces and markup exactly, and leaves the stylesheet ASCII there', () => {
    const hostile = `A "rule" ends: } @import url(x.css); \\ back\\slash </style> 'quotes'`;
    const site = siteFrom(realContent().replace(/^"The only people.*"$/m, `"${hostile}"`));
    const css = stylesheet(site);
    const rule = css.slice(css.lastIndexOf('@page{@top-left'));
    expect(rule).toMatch(/^[\x20-\x7e]*$/);
    // The rule ends the stylesheet: nothing in the headline closed the string, the box or the page rule early.
    expect(rule).toMatch(/^@page\{@top-left\{content:"[^"]*"\}\}$/);
    // Word for word the headline the pages show.
    const home = cheerio.load(site.resources.get('/')!.variants.identity.body.toString('utf8'));
    expect(home('h1').text()).toContain('@import');
    expect(runningHead(css)).toBe(home('h1').text());
  });

  it('cuts a long headline at a word, with an ellipsis, so the head stays one line', () => {
    const long = Array.from({ length: 40 }, (_, index) => `word${index}`).join(' ');
    const head = runningHead(stylesheet(siteFrom(realContent().replace(/^"The only people.*"$/m, `"${long}"`))))!;
    expect(head.length).toBeLessThanOrEqual(90);
    expect(head).toMatch(/^\u201cword0 word1 .*word\d+\u2026\u201d$/);
  });
});
