// Font metrics for fitting text before layout: advance widths from a WOFF's cmap and hmtx tables (satori cannot report where it broke lines). Pure.
import { inflateSync } from 'node:zlib';

/** One face's size and advance widths, in font units. */
export interface Metrics {
  readonly unitsPerEm: number;
  readonly advance: (codePoint: number) => number | undefined;
}

/** The tables read (head, hhea, hmtx, cmap) by tag, inflated where compressed. */
function woffTables(data: Uint8Array): Map<string, Buffer> {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (bytes.toString('latin1', 0, 4) !== 'wOFF') throw new Error('preview fonts must be WOFF files');
  const tables = new Map<string, Buffer>();
  const count = bytes.readUInt16BE(12);
  for (let i = 0; i < count; i++) {
    const entry = 44 + i * 20;
    const tag = bytes.toString('latin1', entry, entry + 4);
    const offset = bytes.readUInt32BE(entry + 4);
    const compressed = bytes.readUInt32BE(entry + 8);
    const original = bytes.readUInt32BE(entry + 12);
    if (!['cmap', 'hmtx', 'hhea', 'head'].includes(tag)) continue;
    const raw = bytes.subarray(offset, offset + compressed);
    tables.set(tag, compressed < original ? inflateSync(raw) : raw);
  }
  return tables;
}

/** Code point → glyph id, from a format 4 or 12 subtable of the cmap. */
function glyphMap(cmap: Buffer): Map<number, number> {
  const map = new Map<number, number>();
  const count = cmap.readUInt16BE(2);
  let best = -1;
  for (let i = 0; i < count; i++) {
    const platform = cmap.readUInt16BE(4 + i * 8);
    const encoding = cmap.readUInt16BE(6 + i * 8);
    const offset = cmap.readUInt32BE(8 + i * 8);
    const format = cmap.readUInt16BE(offset);
    if ((platform === 3 && (encoding === 1 || encoding === 10)) || platform === 0) {
      if (format === 12 || (format === 4 && best < 0)) best = offset;
    }
  }
  if (best < 0) throw new Error('preview font has no Unicode cmap');
  if (cmap.readUInt16BE(best) === 12) {
    const groups = cmap.readUInt32BE(best + 12);
    for (let g = 0; g < groups; g++) {
      const at = best + 16 + g * 12;
      const start = cmap.readUInt32BE(at);
      const end = cmap.readUInt32BE(at + 4);
      const glyph = cmap.readUInt32BE(at + 8);
      for (let c = start; c <= end && c - start < 0x10000; c++) map.set(c, glyph + c - start);
    }
    return map;
  }
  const segments = cmap.readUInt16BE(best + 6) / 2;
  const ends = best + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const ranges = deltas + segments * 2;
  for (let s = 0; s < segments; s++) {
    const end = cmap.readUInt16BE(ends + s * 2);
    const start = cmap.readUInt16BE(starts + s * 2);
    const delta = cmap.readInt16BE(deltas + s * 2);
    const rangeAt = ranges + s * 2;
    const range = cmap.readUInt16BE(rangeAt);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      const glyph = range === 0 ? (c + delta) & 0xffff : cmap.readUInt16BE(rangeAt + range + (c - start) * 2);
      if (glyph !== 0) map.set(c, range === 0 ? glyph : (glyph + delta) & 0xffff);
    }
  }
  return map;
}

/** A WOFF file's advance widths. Throws when it is not a WOFF or lacks the tables read. */
export function readMetrics(data: Uint8Array): Metrics {
  const tables = woffTables(data);
  const head = tables.get('head');
  const hhea = tables.get('hhea');
  const hmtx = tables.get('hmtx');
  const cmap = tables.get('cmap');
  if (!head || !hhea || !hmtx || !cmap) throw new Error('preview font lacks head, hhea, hmtx or cmap');
  const unitsPerEm = head.readUInt16BE(18);
  const longMetrics = hhea.readUInt16BE(34);
  const glyphs = glyphMap(cmap);
  return {
    unitsPerEm,
    advance: (codePoint) => {
      const glyph = glyphs.get(codePoint);
      if (glyph === undefined) return undefined;
      return hmtx.readUInt16BE(Math.min(glyph, longMetrics - 1) * 4);
    },
  };
}

/** One face's metrics from its subsets: a character's advance comes from the first subset that has it. */
export function mergeMetrics(subsets: readonly Metrics[]): Metrics {
  const unitsPerEm = subsets[0]?.unitsPerEm ?? 1000;
  return {
    unitsPerEm,
    advance: (codePoint) => {
      for (const metrics of subsets) {
        const advance = metrics.advance(codePoint);
        if (advance !== undefined) return (advance * unitsPerEm) / metrics.unitsPerEm;
      }
      return undefined;
    },
  };
}

/** Measures text at a size: the sum of the advances, plus letter spacing; unknown characters count as 0.6 em. */
export type Measure = (text: string) => number;

export const measurer =
  (metrics: Metrics, size: number, tracking = 0): Measure =>
  (text) => {
    let units = 0;
    let count = 0;
    for (const char of text) {
      units += metrics.advance(char.codePointAt(0)!) ?? 0.6 * metrics.unitsPerEm;
      count++;
    }
    return (units / metrics.unitsPerEm) * size + tracking * size * count;
  };
