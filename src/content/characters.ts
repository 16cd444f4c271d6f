// Characters that must not reach a page: control characters, and bidi controls left open or closed without opening. Pure.

/** One such character in a text: where, which, and why it is left out. */
export interface UnsafeCharacter {
  /** 0-based index in the text. */
  readonly index: number;
  /** `U+001B (ESC)`. */
  readonly name: string;
  readonly kind: 'control' | 'bidi';
}

/** C0 controls but tab, line feed and carriage return; DEL; the C1 controls. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Embeddings and overrides, closed by PDF (U+202C). */
const EMBEDDINGS = new Set(['\u202A', '\u202B', '\u202D', '\u202E']);
/** Isolates, closed by PDI (U+2069). */
const ISOLATES = new Set(['\u2066', '\u2067', '\u2068']);
const PDF = '\u202C';
/** Any character the scan below looks at: most texts have none, and are not scanned character by character. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const ANY_CANDIDATE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const PDI = '\u2069';

const NAMES: Readonly<Record<string, string>> = {
  '\u0000': 'NUL',
  '\u0007': 'BEL',
  '\u0008': 'BS',
  '\u000B': 'VT',
  '\u000C': 'FF',
  '\u001B': 'ESC',
  '\u007F': 'DEL',
  '\u202A': 'LRE',
  '\u202B': 'RLE',
  '\u202C': 'PDF',
  '\u202D': 'LRO',
  '\u202E': 'RLO',
  '\u2066': 'LRI',
  '\u2067': 'RLI',
  '\u2068': 'FSI',
  '\u2069': 'PDI',
};

const nameOf = (char: string): string => {
  const code = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return NAMES[char] ? `${code} (${NAMES[char]})` : code;
};

/**
 * The characters of `text` no page may carry, in text order: every control character (see CONTROL), and every bidi
 * control that is not part of a balanced pair within the text (an opener never closed reverses or embeds everything
 * after it on the page; a closer with no opener closes someone else's). Balanced pairs are left alone. [] for none.
 */
export function unsafeCharacters(text: string): UnsafeCharacter[] {
  if (!ANY_CANDIDATE.test(text)) return [];
  const found: UnsafeCharacter[] = [];
  const open: { index: number; char: string }[] = [];
  const unbalanced = (index: number, char: string) => found.push({ index, name: nameOf(char), kind: 'bidi' });
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (CONTROL.test(char)) found.push({ index, name: nameOf(char), kind: 'control' });
    else if (EMBEDDINGS.has(char) || ISOLATES.has(char)) open.push({ index, char });
    else if (char === PDF) {
      if (open.length > 0 && EMBEDDINGS.has(open.at(-1)!.char)) open.pop();
      else unbalanced(index, char);
    } else if (char === PDI) {
      const isolate = open.findLastIndex((entry) => ISOLATES.has(entry.char));
      if (isolate === -1) unbalanced(index, char);
      // A PDI closes its isolate and any embedding left open inside it: those were unbalanced.
      else for (const entry of open.splice(isolate).slice(1)) unbalanced(entry.index, entry.char);
    }
  }
  for (const entry of open) unbalanced(entry.index, entry.char);
  return found.sort((a, b) => a.index - b.index);
}

/** `text` less its unsafe characters (unsafeCharacters); the same string when it has none. */
export function withoutUnsafeCharacters(text: string): string {
  const unsafe = unsafeCharacters(text);
  if (unsafe.length === 0) return text;
  // Indexes count UTF-16 code units; no unsafe character is half of a surrogate pair, so pairs stay whole.
  const drop = new Set(unsafe.map((entry) => entry.index));
  return text
    .split('')
    .filter((_, index) => !drop.has(index))
    .join('');
}

/** `text` with every control and bidi control written as `<U+001B>`: safe to print to a terminal or a log. */
export const visible = (text: string): string =>
  text.replace(new RegExp(ANY_CANDIDATE.source, 'g'), (char) => `<${nameOf(char).split(' ')[0]}>`);
