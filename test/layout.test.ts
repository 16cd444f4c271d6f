// The shape of src/: a folder per stage, render/'s features in folders of their own, a one-line header on every module.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './support/site.js';

const STAGES = ['content', 'render', 'site', 'http', 'run', 'cli', 'browser'];
const FEATURES = ['epub', 'preview', 'search'];
const modulesIn = (folder: string): string[] =>
  readdirSync(join(root, folder)).flatMap((name) => {
    const path = `${folder}/${name}`;
    if (statSync(join(root, path)).isDirectory()) return modulesIn(path);
    return name.endsWith('.ts') ? [path] : [];
  });
const modules = STAGES.flatMap((stage) => modulesIn(`src/${stage}`));

describe('src/', () => {
  it('holds only the stage folders, no loose modules', () => {
    expect(readdirSync(join(root, 'src')).sort()).toEqual([...STAGES].sort());
    expect(modules.length).toBeGreaterThan(40);
  });

  it('gives each render feature a folder with one entry module, index.ts, that only re-exports', () => {
    const folders = readdirSync(join(root, 'src/render')).filter((name) =>
      statSync(join(root, 'src/render', name)).isDirectory(),
    );
    expect(folders.sort()).toEqual(FEATURES);
    for (const feature of FEATURES) {
      const body = readFileSync(join(root, 'src/render', feature, 'index.ts'), 'utf8')
        .split('\n')
        .slice(1)
        .filter(Boolean);
      expect(body.length, feature).toBeGreaterThan(0);
      expect(
        body.filter((line) => !/^export (type )?\{[^}]*\} from '\.\/[a-z-]+\.js';$/.test(line)),
        feature,
      ).toEqual([]);
    }
  });

  it('keeps the commands people run in cli/ and only the server process in run/', () => {
    expect(
      modulesIn('src/cli')
        .map((file) => file.replace('src/cli/', ''))
        .sort(),
    ).toEqual(['anchors.ts', 'check-content.ts', 'export.ts', 'prestart.ts'].sort());
    const entryPoints = modulesIn('src/run').filter((file) =>
      /^(await |main\(|process\.exitCode = |const \{[^}]*\} = await )/m.test(readFileSync(join(root, file), 'utf8')),
    );
    expect(entryPoints.sort()).toEqual(['src/run/build-thread.ts', 'src/run/server.ts']);
  });

  it('starts every module with a one-line header comment', () => {
    expect(
      modules.filter(
        (file) => !/^\/\/ \S.*\n(import|export|\/\*\*|const|\n)/.test(readFileSync(join(root, file), 'utf8')),
      ),
    ).toEqual([]);
  });
});
