// Shortening text for contents entries, titles and cards: cut at a word boundary, with an ellipsis. Pure.

/** The first `words` words, with an ellipsis when cut. */
export function excerpt(text: string, words: number): string {
  const all = text.split(/\s+/).filter(Boolean);
  return all.length <= words ? all.join(' ') : `${all.slice(0, words).join(' ')}…`;
}

/** The first `max` characters of `text`, cut at a word boundary, with an ellipsis when cut. */
export function excerptChars(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2))}…`;
}
