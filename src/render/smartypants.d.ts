// Types for `smartypants` (the package ships none): the two functions the typography module calls.

declare module 'smartypants' {
  /** HTML → HTML with the punctuation educated; `attr` picks what ('q': quotes only). Typographic output as entities. */
  export function smartypants(html: string, attr?: string): string;
  /** The same, with the typographic characters written as UTF-8 characters, not entities. */
  export function smartypantsu(html: string, attr?: string): string;
}
