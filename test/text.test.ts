// The text helpers every stage shares: the one truncator (cutAtWord), wordCount, the one escape and language names.
import { describe, expect, it } from 'vitest';
import { cutAtWord, wordCount, type CutLimit } from '../src/content/words.js';
import { escapeHtml, languageName } from '../src/render/text.js';

const question = 'Are there any cases of discrimination against Russian citizens in South Korea?';

describe('cutAtWord', () => {
  const cases: [string, string, CutLimit, string][] = [
    ['leaves text within the limit whole', 'Short text', { chars: 60 }, 'Short text'],
    ['collapses white space', '  many   spaces\nhere ', { chars: 60 }, 'many spaces here'],
    [
      'cuts after the last whole word that fits with the ellipsis',
      question,
      { chars: 40 },
      'Are there any cases of discrimination…',
    ],
    ['never ends on a short function word', question, { chars: 30 }, 'Are there any cases…'],
    ['drops a comma before the ellipsis', 'Seoul, Busan, and Incheon are ports', { chars: 14 }, 'Seoul, Busan…'],
    ['sets the ellipsis apart after a question mark', 'Why? Because the sanctions hurt', { chars: 12 }, 'Why? …'],
    ['counts words', 'one two three four five', { words: 3 }, 'one two three…'],
    ['leaves text of as many words whole', 'one two three four five', { words: 5 }, 'one two three four five'],
    ['keeps every limit given', 'one two three four', { chars: 100, words: 2 }, 'one two…'],
    ['fits to any measure', 'aa bb cc dd', { fits: (candidate) => candidate.length <= 6 }, 'aa bb…'],
    [
      'cuts inside a first word only when it alone is over the limit',
      'Supercalifragilistic is long',
      { chars: 6 },
      'Super…',
    ],
    ['gives an empty text back empty', '', { chars: 10 }, ''],
  ];
  for (const [name, text, limit, expected] of cases) {
    it(name, () => expect(cutAtWord(text, limit)).toBe(expected));
  }

  it('never gives more characters than the limit, and keeps the start of the text, cut at a space', () => {
    // From "Are…", the first word with the ellipsis: below that, only the first word can be cut.
    for (let chars = 4; chars <= question.length + 1; chars++) {
      const cut = cutAtWord(question, { chars });
      expect(cut.length, cut).toBeLessThanOrEqual(chars);
      if (cut === question) continue;
      const kept = cut.replace(/ ?…$/, '');
      expect(question.startsWith(kept), cut).toBe(true);
      expect(question[kept.length], cut).toMatch(/[\s,.;:]/);
    }
  });
});

describe('wordCount', () => {
  it('counts runs between white space', () => {
    expect(wordCount(' a  b\nc ')).toBe(3);
    expect(wordCount('')).toBe(0);
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters by default, for text and attribute values alike', () => {
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;',
    );
  });

  it('leaves the quotes of running text as they are with { quotes: false }', () => {
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`, { quotes: false })).toBe(
      `&lt;a href="x"&gt;Tom &amp; 'Jerry'&lt;/a&gt;`,
    );
  });
});

describe('languageName', () => {
  it('names a language in English, and gives back a code it cannot read', () => {
    expect(languageName('ru')).toBe('Russian');
    expect(languageName('Russian!!')).toBe('Russian!!');
  });
});
