// What `npm start` runs after its prestart step, read from package.json, so the bench and the soak start the server the same way.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The `start` script of the package at `root` as argv, e.g. ['node', '--max-semi-space-size=4', '--heap-growing-percent=50', 'dist/run/server.js']. */
export function startCommand(root: string): string[] {
  const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts;
  // `exec` makes the shell npm starts become node, so that npm's SIGTERM reaches the server (docs/operations.md).
  return scripts.start!.split(/\s+/).filter((word, index) => !(index === 0 && word === 'exec'));
}

/** The node options in the `start` script (its memory figures depend on them), for running the server another way. */
export const startNodeOptions = (root: string): string[] => startCommand(root).filter((word) => word.startsWith('--'));
