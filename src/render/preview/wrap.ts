// Fitting text to a width before layout: wrapped greedily where satori breaks lines, the last line cut after a whole word (cutAtWord). Pure.
import { cutAtWord } from '../../content/words.js';
import type { Measure } from './metrics.js';

/** A piece of text between break opportunities, and whether a space comes before it. */
interface Piece {
  readonly text: string;
  readonly space: boolean;
}

/** Break opportunities as satori has them for Latin text: at spaces, and after a hyphen inside a word. */
const piecesOf = (text: string): Piece[] =>
  text
    .split(/\s+/u)
    .filter((word) => word !== '')
    .flatMap((word) => word.split(/(?<=\p{L}-)(?=\p{L})/u).map((part, index) => ({ text: part, space: index === 0 })));

const join = (line: string, piece: Piece): string =>
  line === '' ? piece.text : `${line}${piece.space ? ' ' : ''}${piece.text}`;

/** What wrapping gives: the lines, how many lines they take, whether text was left out, and the text to render. */
export interface Wrapped {
  readonly lines: string[];
  /** Lines taken: more than `lines.length` when a word wider than a line is broken across several. */
  readonly count: number;
  /** Text was left out; the last line then ends in an ellipsis. */
  readonly clamped: boolean;
  /** The lines as one string, joined as in the source: with a space, or with none after a hyphen. */
  readonly text: string;
}

/** Lines of `text` wrapped to `width`, at most `maxLines`; the last one ends in an ellipsis when text was left out. */
export function wrapText(text: string, width: number, maxLines: number, measure: Measure): Wrapped {
  const pieces = piecesOf(text);
  const joined = (): string =>
    lines.map((line, i) => (i > 0 && pieces[starts[i]!]?.space ? ` ${line}` : line)).join('');
  const lines: string[] = [];
  const starts: number[] = []; // index of each line's first piece
  let extra = 0; // lines taken beyond one by words wider than a line, which satori breaks (overflowWrap)
  const used = (): number => lines.length + extra;
  let line = '';
  let lineStart = 0;
  let index = 0;
  while (index < pieces.length) {
    const piece = pieces[index]!;
    const next = join(line, piece);
    if (measure(next) <= width) {
      if (line === '') lineStart = index;
      line = next;
      index++;
    } else if (line) {
      lines.push(line);
      starts.push(lineStart);
      line = '';
      if (used() >= maxLines) break;
    } else {
      const taken = Math.ceil(measure(piece.text) / width);
      if (used() + taken > maxLines) break;
      extra += taken - 1;
      lineStart = index;
      line = piece.text;
      index++;
    }
  }
  if (line) {
    // The loop only ends with a line in hand when every piece is placed, with room for it.
    lines.push(line);
    starts.push(lineStart);
  }
  if (index >= pieces.length) return { lines, count: used(), clamped: false, text: joined() };
  // Text was left out: the last line takes the ellipsis, rebuilt from the pieces it had and the rest.
  let from = index;
  if (used() >= maxLines) {
    lines.pop();
    from = starts.pop() ?? index;
  }
  const rest = pieces.slice(from).map((piece, i) => (i === 0 ? { ...piece, space: false } : piece));
  lines.push(cutAtWord(rest.reduce(join, ''), { fits: (candidate) => measure(candidate) <= width }));
  starts.push(from);
  return { lines, count: used(), clamped: true, text: joined() };
}
