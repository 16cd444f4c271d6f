// `npm run soak`: about a minute of mixed good and hostile requests against a real server process on 127.0.0.1,
// while its content file (a temp copy) is rewritten with valid and invalid versions. Not part of `npm test`.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNodeOptions } from './start-command.js';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const seconds = Number(process.env.SOAK_SECONDS ?? 60);
const concurrency = Number(process.env.SOAK_CONCURRENCY ?? 8);

/** One kind of request and the status it must get. */
interface Probe {
  readonly method?: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly expect: number;
  /** Send on a fresh connection (the server closes the connection after some refusals). */
  readonly fresh?: boolean;
}

function probes(sectionPaths: string[], asset: string): Probe[] {
  const good: Probe[] = [
    { path: '/', expect: 200 },
    { path: '/', headers: { 'accept-encoding': 'br, gzip' }, expect: 200 },
    { path: '/full', headers: { 'accept-encoding': 'gzip' }, expect: 200 },
    ...sectionPaths.map((path) => ({ path, expect: 200 })),
    { path: asset, expect: 200 },
    { method: 'HEAD', path: '/full', expect: 200 },
    { path: '/sections/1', expect: 301 },
    { path: '/full/', expect: 301 },
    { path: '/healthz', expect: 200 },
    { path: `${sectionPaths[0]}?__proto__[x]=1`, expect: 200 },
    { path: `/?q=${'a'.repeat(5000)}`, expect: 200 },
  ];
  const bad: Probe[] = [
    { path: '/%E0%A4%A', expect: 400 },
    { path: '/sections/%C0%AE%C0%AE%2F', expect: 400 },
    { path: '/..%2f..%2fpackage.json', expect: 404 },
    { path: '/%2e%2e/%2e%2e/etc/passwd', expect: 404 },
    { path: '/assets/../package.json', expect: 404 },
    { path: '/nowhere', expect: 404 },
    { path: `/${'x'.repeat(10_000)}`, expect: 414 },
    { method: 'POST', path: '/', expect: 405 },
    { method: 'DELETE', path: sectionPaths[0]!, expect: 405 },
    { path: '/', headers: { 'x-padding': 'a'.repeat(20 * 1024) }, expect: 431, fresh: true },
  ];
  // Three good requests to every bad one.
  return [...good, ...good, ...good, ...bad];
}

const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

function send(port: number, probe: Probe): Promise<number> {
  return new Promise((resolveStatus, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: probe.method ?? 'GET',
        path: probe.path,
        headers: probe.headers,
        agent: probe.fresh ? false : agent,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolveStatus(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** Resident memory of a process in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 102.4) / 10 : NaN;
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'soak-'));
  const file = join(dir, 'interview.md');
  copyFileSync(join(root, 'content/interview.md'), file);
  const original = readFileSync(file, 'utf8');
  const heading = '"Seoul is interested in preserving trade and economic ties with Russia"\n';
  const rewrites: { label: string; text: string; rename: boolean }[] = [
    { label: 'valid (edited lede)', text: original.replace('Supplies of food', 'Deliveries of food'), rename: false },
    { label: 'invalid (stray answer)', text: original.replace(heading, `${heading}A stray answer.\n`), rename: false },
    {
      label: 'valid (edited headline, editor-style rename)',
      text: original.replace('"The only people', '"Only the people'),
      rename: true,
    },
    { label: 'invalid (empty)', text: '', rename: true },
    { label: 'valid (original)', text: original, rename: false },
  ];

  // With the node options `npm start` runs the server with, then the source through tsx.
  const child = spawn(process.execPath, [...startNodeOptions(root), '--import', 'tsx', 'src/run/server.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CONTENT_FILE: file, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  const port = await new Promise<number>((resolvePort, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /Reader ready: open http:\/\/\S+?:(\d+)\//.exec(stdout);
      if (match) resolvePort(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${stdout}`)));
  });
  const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));

  // The page list from the server itself: the section links on the contents page.
  const home = await new Promise<string>((resolveBody) =>
    request({ host: '127.0.0.1', port, path: '/' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolveBody(body));
    }).end(),
  );
  const sectionPaths = [...new Set([...home.matchAll(/href="(\/sections\/[^"#]+)"/g)].map((match) => match[1]!))];
  const asset = /href="(\/assets\/style\.[^"]+\.css)"/.exec(home)![1]!;
  const mix = probes(sectionPaths, asset);

  const counts = new Map<number, number>();
  const unexpected = new Map<string, number>();
  let sent = 0;
  let connectionErrors = 0;
  const memory: number[] = [rssMb(child.pid!)];
  console.log(
    `soak: ${seconds} s, ${concurrency} clients, ${mix.length} request kinds, server pid ${child.pid}, RSS at start ${memory[0]} MB`,
  );

  const deadline = Date.now() + seconds * 1000;
  const clients = Array.from({ length: concurrency }, async (_, client) => {
    for (let n = client * 7; Date.now() < deadline; n++) {
      const probe = mix[n % mix.length]!;
      sent++;
      try {
        const status = await send(port, probe);
        counts.set(status, (counts.get(status) ?? 0) + 1);
        if (status !== probe.expect) {
          const key = `${probe.method ?? 'GET'} ${probe.path.slice(0, 40)} → ${status} (expected ${probe.expect})`;
          unexpected.set(key, (unexpected.get(key) ?? 0) + 1);
        }
      } catch (error) {
        connectionErrors++;
        if (connectionErrors <= 5)
          console.log(`connection error on ${probe.method ?? 'GET'} ${probe.path.slice(0, 40)}: ${String(error)}`);
      }
    }
  });

  // Rewrites, evenly spread; memory sampled every ~10 s.
  const rewriter = (async () => {
    for (const [index, rewrite] of rewrites.entries()) {
      await new Promise((wait) =>
        setTimeout(
          wait,
          ((index + 1) * seconds * 1000) / (rewrites.length + 1) - (Date.now() - (deadline - seconds * 1000)),
        ),
      );
      if (rewrite.rename) {
        writeFileSync(`${file}.tmp`, rewrite.text);
        renameSync(`${file}.tmp`, file);
      } else writeFileSync(file, rewrite.text);
      console.log(`  ${Math.round((Date.now() - deadline) / 1000 + seconds)} s: wrote ${rewrite.label}`);
    }
  })();
  const sampler = setInterval(() => memory.push(rssMb(child.pid!)), 10_000);
  await Promise.all([...clients, rewriter]);
  clearInterval(sampler);
  memory.push(rssMb(child.pid!));
  agent.destroy();

  const stopAt = Date.now();
  child.kill('SIGTERM');
  const exitCode = await exited;
  const reloads = stdout.split('\n').filter((line) => line.includes('content not reloaded')).length;
  const fiveHundreds = [...counts].filter(([status]) => status >= 500).reduce((sum, [, count]) => sum + count, 0);
  rmSync(dir, { recursive: true, force: true });

  console.log(`requests sent: ${sent} (${Math.round(sent / seconds)}/s)`);
  console.log(
    `by status: ${[...counts]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}: ${count}`)
      .join(', ')}`,
  );
  console.log(`5xx: ${fiveHundreds}`);
  console.log(`connection errors: ${connectionErrors}`);
  console.log(
    `unexpected statuses: ${unexpected.size === 0 ? 0 : [...unexpected].map(([key, count]) => `${key} ×${count}`).join('; ')}`,
  );
  console.log(`failed reloads logged (expected 2): ${reloads}`);
  console.log(`server RSS MB: start ${memory[0]}, end ${memory.at(-1)}; every ~10 s: ${memory.join(', ')}`);
  console.log(`shutdown: exit code ${exitCode} after ${Date.now() - stopAt} ms`);
  return fiveHundreds === 0 && connectionErrors === 0 && unexpected.size === 0 && exitCode === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
