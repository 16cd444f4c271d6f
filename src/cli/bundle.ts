// `npm start`'s second prestart step: the compiled server and what it imports (express and the rest) as one file, dist/run/server.bundle.js, which starts faster.
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';

/**
 * Bundles `dist/run/server.js` (tsc's output) into `dist/run/server.bundle.js`, beside it, so every path the server
 * works out from its own location (the project root, the code folder, the worker's build-thread.js) is the same.
 * Why: Node resolves, reads and compiles each of the ~150 files of the server and its packages one by one, and that
 * was about a quarter of its start-up (`npm run bench -- --startup`: docs/performance.md). The reload worker,
 * the prestart step and the command-line tools run tsc's output unbundled: none of them is on the start-up path.
 * The source map chains through tsc's, so a stack trace can be read against src/ (`node --enable-source-maps`).
 */
export function bundleServer(): void {
  const entry = fileURLToPath(new URL('../run/server.js', import.meta.url));
  buildSync({
    entryPoints: [entry],
    outfile: fileURLToPath(new URL('../run/server.bundle.js', import.meta.url)),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    // The CommonJS packages (express and its own) call require(); an ES module has none until it makes one.
    banner: {
      js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
    },
  });
}

bundleServer();
