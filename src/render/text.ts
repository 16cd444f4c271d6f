// Pure helpers every renderer shares: escaping text for HTML and XML, and a language's English name.

const REFERENCES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text → HTML or XML (the result is valid in both, in text and in a quoted attribute value): `&`, `<`, `>`, `"` and
 * `'` become references. `{ quotes: false }` leaves the quotes as they are, for running text only: EPUB checkers flag
 * `&quot;` there.
 */
export function escapeHtml(text: string, options: { quotes?: boolean } = {}): string {
  return text.replace(options.quotes === false ? /[&<>]/g : /[&<>"']/g, (char) => REFERENCES[char]!);
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });

/** A language code → its English name ("ru" → "Russian"); the code itself when it is not one Intl knows. */
export function languageName(code: string): string {
  try {
    return languageNames.of(code) ?? code;
  } catch {
    return code; // not a well-formed code: Intl throws a RangeError
  }
}

const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/**
 * A `YYYY-MM-DD` date as the site writes it, "3 December 2026", with no-break spaces: a date never breaks across
 * lines. The day is the calendar date given, whatever the reader's or the server's time zone.
 */
export const displayDate = (isoDate: string): string =>
  DATE_FORMAT.format(new Date(`${isoDate}T00:00:00Z`)).replace(/ /g, '\u00a0');
