// The shape of src/: a folder per stage, a one-line header on every module, none over 250 lines, the entry point at most 120.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './support/site.js';

const STAGES = ['content', 'render', 'site', 'http', 'run'];
const modules = STAGES.flatMap((stage) =>
  readdirSync(join(root, 'src', stage)).filter((name) => name.endsWith('.ts')).map((name) => `src/${stage}/${name}`));
const lines = (file: string) => readFileSync(join(root, file), 'utf8').split('\n').filter((line, i, all) => i < all.length - 1 || line !== '').length;

describe('src/', () => {
  it('holds only the five stage folders, no loose modules', () => {
    expect(readdirSync(join(root, 'src')).sort()).toEqual([...STAGES].sort());
    expect(modules.length).toBeGreaterThan(40);
  });

  it('has no module over 250 lines, and src/run/server.ts at most 120', () => {
    expect(modules.filter((file) => lines(file) > 250).map((file) => `${file}: ${lines(file)}`)).toEqual([]);
    expect(lines('src/run/server.ts')).toBeLessThanOrEqual(120);
  });

  it('starts every module with a one-line header comment', () => {
    expect(modules.filter((file) => !/^\/\/ \S.*\n(import|export|\/\*\*|const|\n)/.test(readFileSync(join(root, file), 'utf8')))).toEqual([]);
  });
});
