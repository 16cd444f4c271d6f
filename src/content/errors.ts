// The one error type the content pipeline throws: a fault a person must fix, with file and line.

/** A fault in a content file. `message` reads `content/interview.md line 27: an answer before any question`. */
export class ContentError extends Error {
  override readonly name = 'ContentError';
  constructor(
    /** The file as the person knows it, e.g. `content/interview.md`. */
    readonly file: string,
    /** 1-based line number, or 0 when the fault is the file as a whole (missing, unreadable). */
    readonly line: number,
    /** What is wrong, without the position. */
    readonly reason: string,
  ) {
    super(line > 0 ? `${file} line ${line}: ${reason}` : `${file}: ${reason}`);
  }
}
