// Memory after a large reload: the server started on the real interview, reloaded with the 9.8 MB one, then with the real one again; resident memory and heap at each step (from SIGUSR2's status line).
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startNodeOptions } from '../start-command.js';
import { generateInterview } from './generate.js';

const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'reader-bench-memory-'));
const file = join(dir, 'interview.md');
const real = readFileSync(join(root, 'content/interview.md'), 'utf8');
writeFileSync(file, real);
const large = generateInterview(real, { sections: 500 });
// As `npm start` runs it (its node options, --expose-gc among them), from the source under tsx.
const child = spawn(process.execPath, [...startNodeOptions(root), '--import', 'tsx', 'src/run/server.ts'], {
  cwd: root,
  env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CONTENT_FILE: file, SNAPSHOT_FILE: '' },
});
let output = '';
const waiting: { pattern: RegExp; count: number; resolve: () => void }[] = [];
child.stdout.on('data', (chunk: Buffer) => {
  output += chunk.toString();
  for (const waiter of [...waiting]) {
    if ((output.match(new RegExp(waiter.pattern.source, 'g')) ?? []).length >= waiter.count) {
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve();
    }
  }
});
/** Resolves once stdout holds `count` lines matching `pattern`. */
const until = (pattern: RegExp, count = 1) => new Promise<void>((resolve) => waiting.push({ pattern, count, resolve }));
let asked = 0;
async function status(label: string): Promise<void> {
  child.kill('SIGUSR2');
  await until(/SIGUSR2: status/, ++asked);
  const line = output.split('\n').filter((text) => text.includes('SIGUSR2: status'))[asked - 1]!;
  const { memory } = JSON.parse(line) as { memory: { rss: number; heapUsed: number } };
  console.log(
    `  ${label.padEnd(46)} resident ${String(memory.rss).padStart(5)} MB   heap ${String(memory.heapUsed).padStart(4)} MB`,
  );
}
/** The collection a second after a swap has run once the status, asked for after it, says so: wait for the log. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 3000));

await until(/serving on/);
await status('the real interview, after start');
copyFileSync(large.file, file);
await until(/content reloaded/, 1);
await status(`reloaded with ${(large.bytes / 1e6).toFixed(1)} MB`);
writeFileSync(file, real);
await until(/content reloaded/, 2);
await status('reloaded with the real one again, at once');
await settled();
await status('the same, 3 s later');
child.kill('SIGTERM');
rmSync(dir, { recursive: true, force: true });
rmSync(dirname(large.file), { recursive: true, force: true });
