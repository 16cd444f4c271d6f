// `npm run bench`: the real server against a bare node:http server and a minimal Express 5 route, on loopback.
// Not a test: figures depend on the machine and on what else runs on it. Options: --duration=<s> (default 3), --quick (skip the 10 MB and 2-worker runs),
// --startup (only the start-up figures), --runs=<n> (starts per start-up figure, default 5), --rounds=<n> (load rounds, default 5).
// Each figure is the median of its rounds, run alternately; each ratio is the median of the ratios within each round (runs
// seconds apart), with their range, so a slow spell on a shared machine, which lasts seconds to minutes, cancels out.
import { execFile, execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { CannedResponse } from './floor.js';
import { generateInterview } from './generate.js';
import { startCommand } from '../start-command.js';

const root = join(import.meta.dirname, '../..');

/** Runs one of the other bench scripts (a path under the project) under tsx, its output printed as it comes. */
const runBenchScript = (script: string): void => {
  execFileSync(process.execPath, ['--import', 'tsx', join(root, script)], { cwd: root, stdio: 'inherit' });
};
const args = process.argv.slice(2);
const duration = Number(args.find((arg) => arg.startsWith('--duration='))?.split('=')[1] ?? 3);
const quick = args.includes('--quick');
const startupOnly = args.includes('--startup');
const startupRuns = Number(args.find((arg) => arg.startsWith('--runs='))?.split('=')[1] ?? 5);
const rounds = Number(args.find((arg) => arg.startsWith('--rounds='))?.split('=')[1] ?? 5);
const CONNECTIONS = 50;
/** What a browser sends; the app answers it with brotli, and the floors send those very bytes. */
const ACCEPT_ENCODING = 'gzip, deflate, br, zstd';
const SECTION = '/sections/there-is-nomassrussophobia-in-korea';
const QUESTION = '/questions/q5';
const SEARCH = '/search?q=sanctions';

const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const pinning = has('taskset');
const tool = has('wrk') ? 'wrk' : 'autocannon';
/** The server on core 0, the load generator on core 1, when taskset is there. */
const pinned = (core: number | null, command: string[]) =>
  pinning && core !== null ? ['taskset', '-c', String(core), ...command] : command;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- processes

let nextPort = 3100 + Math.floor(Math.random() * 500);
/** The process serving each port this run started, for its CPU time. */
const pidOfPort = new Map<number, number>();
const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));

interface Running {
  readonly child: ChildProcess;
  readonly port: number;
  /** Milliseconds from spawn to the first 200 on `/`. */
  readonly startMs: number;
  /** CPU milliseconds (user + system) the process had used by then: what start-up costs on a machine that is not idle. */
  readonly startCpuMs: number;
}

/**
 * CPU time of a process and its children so far (a cluster's workers), from /proc/<pid>/stat: utime + stime, and the
 * children's that have exited, in clock ticks of 10 ms.
 */
function cpuMs(pid: number): number {
  const own = (id: number) => {
    try {
      const fields = readFileSync(`/proc/${id}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return 0; // a child that exited in between
    }
  };
  return [pid, ...descendants(pid)].reduce((sum, id) => sum + own(id), 0);
}

/** The processes a process started, and theirs, from /proc. */
function descendants(pid: number): number[] {
  let kids: number[];
  try {
    kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
  return kids.flatMap((kid) => [kid, ...descendants(kid)]);
}

/** Spawns a server with PORT set and waits for the first 200 on `/` (or `readyPath`). */
async function launch(
  command: string[] | ((port: number) => string[]),
  env: Record<string, string> = {},
  core: number | null = 0,
  readyPath = '/',
): Promise<Running> {
  const port = nextPort++;
  const argv = pinned(core, typeof command === 'function' ? command(port) : command);
  const started = process.hrtime.bigint();
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.add(child);
  pidOfPort.set(port, child.pid!);
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error(`${argv.join(' ')} exited before serving`);
    const status = await fetchStatus(port, readyPath);
    if (status === 200)
      return { child, port, startMs: Number(process.hrtime.bigint() - started) / 1e6, startCpuMs: cpuMs(child.pid!) };
    await sleep(2);
  }
}

/**
 * Waits until a server has done its start-up work: after a start from the build snapshot it loads the build pipeline
 * and makes the search renderer (for the 10 MB interview, seconds of CPU). Settled: under 10 % CPU in two 250 ms
 * windows in a row, or 30 s.
 */
async function settle(running: Running): Promise<Running> {
  const deadline = Date.now() + 30_000;
  let last = cpuMs(running.child.pid!);
  for (let quiet = 0; quiet < 2 && Date.now() < deadline;) {
    await sleep(250);
    const now = cpuMs(running.child.pid!);
    quiet = now - last < 25 ? quiet + 1 : 0;
    last = now;
  }
  return running;
}

async function stop(running: Running): Promise<void> {
  const exited = new Promise((resolve) => running.child.once('exit', resolve));
  running.child.kill('SIGTERM');
  await Promise.race([exited, sleep(3000)]);
  running.child.kill('SIGKILL');
  children.delete(running.child);
}

function fetchStatus(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

/** The 200 response as a browser would get it: status, headers that are not per-connection, and the bytes on the wire; rejects on another status. */
function capture(port: number, path: string): Promise<CannedResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, agent: false, headers: { 'accept-encoding': ACCEPT_ENCODING } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            const name = res.rawHeaders[i]!;
            if (!/^(date|connection|keep-alive|transfer-encoding)$/i.test(name)) headers[name] = res.rawHeaders[i + 1]!;
          }
          if (res.statusCode !== 200) reject(new Error(`${path} answered ${res.statusCode}`));
          else resolve({ path, status: res.statusCode, headers, body: Buffer.concat(chunks).toString('base64') });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Resident memory of a process and all its descendants (the cluster's workers), from /proc. */
function residentMegabytes(pid: number): number {
  const kb = (id: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${id}/status`, 'utf8'))?.[1] ?? 0);
  return [pid, ...descendants(pid)].reduce((sum, id) => sum + kb(id), 0) / 1024;
}

// ---- load

interface Figures {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** The slowest request of the run. */
  readonly max: number;
  /**
   * The server's CPU time per request, in microseconds (from /proc, when the server was started here): unlike req/s,
   * it hardly moves when other work on a shared machine takes the core away.
   */
  readonly cpuUs?: number;
}

/** wrk's durations ("812.00us", "1.20ms", "1.02s") in milliseconds. */
function wrkMs(text: string): number {
  const [, value = '0', unit = 'ms'] = /([\d.]+)(us|ms|s|m)/.exec(text) ?? [];
  return Number(value) * ({ us: 0.001, ms: 1, s: 1000, m: 60000 } as Record<string, number>)[unit]!;
}

/** The load generator's command line for `seconds` of load on a path. */
function loadCommand(port: number, path: string, seconds: number, core: number | null): string[] {
  const url = `http://127.0.0.1:${port}${path}`;
  if (tool === 'wrk')
    return pinned(core, [
      'wrk',
      '-t1',
      `-c${CONNECTIONS}`,
      `-d${seconds}s`,
      '--latency',
      '-H',
      `Accept-Encoding: ${ACCEPT_ENCODING}`,
      url,
    ]);
  const bin = join(root, 'node_modules/.bin/autocannon');
  return pinned(core, [
    bin,
    '-c',
    String(CONNECTIONS),
    '-d',
    String(seconds),
    '-j',
    '-H',
    `accept-encoding=${ACCEPT_ENCODING}`,
    url,
  ]);
}

/** The figures in the load generator's output; throws when a request failed. */
function loadFigures(out: string): Figures {
  if (tool === 'wrk') {
    if (/Non-2xx|Socket errors/.test(out)) throw new Error(`errors under load:\n${out}`);
    return {
      rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
      // Anchored to the start of a line: the latency line's last column is a percentage too ("87.50%").
      p50: wrkMs(/^\s+50%\s+(\S+)/m.exec(out)?.[1] ?? ''),
      p99: wrkMs(/^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? ''),
      max: wrkMs(/^\s+Latency\s+\S+\s+\S+\s+(\S+)/m.exec(out)?.[1] ?? ''),
    };
  }
  const parsed = JSON.parse(out) as {
    requests: { average: number };
    latency: { p50: number; p99: number; max: number };
    non2xx: number;
    errors: number;
  };
  if (parsed.non2xx || parsed.errors)
    throw new Error(`errors under load: ${parsed.non2xx} non-2xx, ${parsed.errors} errors`);
  return { rps: parsed.requests.average, p50: parsed.latency.p50, p99: parsed.latency.p99, max: parsed.latency.max };
}

function load(port: number, path: string, seconds: number, core: number | null = 1): Figures {
  const argv = loadCommand(port, path, seconds, core);
  const pid = pidOfPort.get(port);
  const cpuBefore = pid === undefined ? 0 : cpuMs(pid);
  const figures = loadFigures(
    execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
  );
  if (pid === undefined || figures.rps === 0) return figures;
  return { ...figures, cpuUs: ((cpuMs(pid) - cpuBefore) * 1000) / (figures.rps * seconds) };
}

/** As load(), without blocking this process: something else can happen while it runs. */
async function loadInBackground(
  port: number,
  path: string,
  seconds: number,
  core: number | null = 1,
): Promise<Figures> {
  const argv = loadCommand(port, path, seconds, core);
  const { stdout } = await promisify(execFile)(argv[0]!, argv.slice(1), { encoding: 'utf8' });
  return loadFigures(stdout);
}

// ---- reporting

const fmt = (n: number, digits = 0) => n.toFixed(digits);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const row = (label: string, figures: Figures) =>
  `  ${label.padEnd(34)} ${fmt(figures.rps).padStart(7)} req/s   p50 ${fmt(figures.p50, 2).padStart(6)} ms   p99 ${fmt(figures.p99, 2).padStart(6)} ms   max ${fmt(figures.max, 1).padStart(6)} ms` +
  (figures.cpuUs === undefined ? '' : `   CPU ${fmt(figures.cpuUs, 1).padStart(6)} µs/req`);
const rps = (figures: Figures) => figures.rps;
const p99 = (figures: Figures) => figures.p99;
const cpu = (figures: Figures) => figures.cpuUs ?? NaN;
/** The median and range of `pick(a) / pick(b)` over the rounds, each round's two runs taken seconds apart. */
function paired(a: Figures[], b: Figures[], pick: (figures: Figures) => number): string {
  const ratios = a.map((figures, i) => pick(figures) / pick(b[i]!));
  return `${fmt(median(ratios), 2)} (${fmt(Math.min(...ratios), 2)}–${fmt(Math.max(...ratios), 2)})`;
}
/** Each figure's median over the rounds. */
const middle = (runs: Figures[]): Figures => ({
  rps: median(runs.map((r) => r.rps)),
  p50: median(runs.map((r) => r.p50)),
  p99: median(runs.map((r) => r.p99)),
  max: median(runs.map((r) => r.max)),
  ...(runs.every((r) => r.cpuUs !== undefined) ? { cpuUs: median(runs.map((r) => r.cpuUs!)) } : {}),
});

/** One server and path measured in every round. */
interface Contender {
  readonly name: string;
  readonly port: number;
  readonly path: string;
}

/** A 1 s warm-up of each contender, then `rounds` rounds running each in turn, every run printed; each contender's runs by name. */
function alternate(contenders: readonly Contender[]): Map<string, Figures[]> {
  for (const contender of contenders) load(contender.port, contender.path, 1);
  const runs = new Map(contenders.map((contender) => [contender.name, [] as Figures[]]));
  for (let round = 1; round <= rounds; round++) {
    for (const contender of contenders) {
      const figures = load(contender.port, contender.path, duration);
      runs.get(contender.name)!.push(figures);
      console.log(row(`${round}. ${contender.name}`, figures));
    }
  }
  return runs;
}

/** Median wall and CPU milliseconds from spawn to the first 200, over `runs` starts. */
async function startup(
  command: string[],
  env: Record<string, string> = {},
  runs = startupRuns,
  readyPath = '/',
): Promise<{ wall: number; cpu: number }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const running = await launch(command, env, 0, readyPath);
    wall.push(running.startMs);
    cpu.push(running.startCpuMs);
    await stop(running);
  }
  return { wall: median(wall), cpu: median(cpu) };
}
const startupText = (figures: { wall: number; cpu: number }) =>
  `${fmt(figures.wall)} ms (${fmt(figures.cpu)} ms of CPU)`;

// ---- the run

async function main(): Promise<void> {
  console.log(
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load average ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `Load: ${tool}${tool === 'autocannon' ? ' (wrk not installed: apt-get install -y wrk; autocannon saturates near 10k req/s, so it understates the bare server)' : ''}, ${CONNECTIONS} connections, ${duration} s per run, Accept-Encoding: ${ACCEPT_ENCODING}`,
  );
  console.log(pinning ? 'Pinning: server on core 0, load generator on core 1 (taskset)' : 'Pinning: none (no taskset)');

  // Every server here runs on a port of its own, and the pages name their origin, which without SITE_URL is that port:
  // one SITE_URL for the prestart step and every server lets them all start from the one snapshot, as `npm start` does.
  process.env.SITE_URL ??= 'http://localhost:3000';
  console.log('\nBuilding (npm run prestart) …');
  execFileSync('npm', ['run', '--silent', 'prestart'], { cwd: root, stdio: 'inherit' });
  const command = startCommand(root);
  console.log(
    `Server under test: ${command.join(' ')} (the npm start command, so the figures include whatever the app does per request)`,
  );

  const bareExpress = [
    process.execPath,
    '-e',
    "const app=require('express')();app.get('/',(q,s)=>s.end('ok'));app.listen(+process.env.PORT,process.env.HOST)",
  ];
  const appStart = await startup(command);
  const expressStart = await startup(bareExpress);
  const coldStart = await startup(command, { SNAPSHOT_FILE: '' });
  // The first search right after start: its 200 comes as soon as the server listens, with no index left to build.
  const searchStart = await startup(command, {}, startupRuns, SEARCH);
  console.log(
    `\nStart-up to first 200 (median of ${startupRuns}): app ${startupText(appStart)}; a bare Express hello-world ${startupText(expressStart)}`,
  );
  console.log(`  to the first 200 on ${SEARCH}: ${startupText(searchStart)}`);
  console.log(
    `  the app without its build snapshot (SNAPSHOT_FILE='', building at start as before): ${startupText(coldStart)}`,
  );
  console.log(
    `  what the snapshot buys: start without/with ${fmt(coldStart.wall / appStart.wall, 2)} (wall), ${fmt(coldStart.cpu / appStart.cpu, 2)} (CPU); ${fmt(coldStart.wall - appStart.wall)} ms sooner`,
  );
  if (startupOnly) return;

  // The preview images: what they add to a cold build, their sizes, and the 10 MB interview's bound (scripts/bench/images.ts).
  console.log('\nPreview images (npx tsx scripts/bench/images.ts):');
  runBenchScript('scripts/bench/images.ts');
  console.log('The build with and without them (npx tsx scripts/bench/build.ts):');
  runBenchScript('scripts/bench/build.ts');
  if (!quick) {
    // The limits of src/content/limits.ts: what a build at each costs, beside the real interview.
    console.log('\nThe build at the size limits, each in a process of its own (npx tsx scripts/bench/limits.ts):');
    runBenchScript('scripts/bench/limits.ts');
    console.log('Memory after a large reload (npx tsx scripts/bench/reload-memory.ts):');
    runBenchScript('scripts/bench/reload-memory.ts');
  }

  // Floors serve exactly what the app sends for the same request.
  const app = await settle(await launch(command));
  const canned = [await capture(app.port, '/'), await capture(app.port, SECTION)];
  const dir = mkdtempSync(join(tmpdir(), 'reader-bench-'));
  const cannedFile = join(dir, 'responses.json');
  writeFileSync(cannedFile, JSON.stringify(canned));
  const floor =
    (kind: string, file = cannedFile) =>
    (port: number) => [
      process.execPath,
      '--import',
      'tsx',
      join(root, 'scripts/bench/floor.ts'),
      kind,
      String(port),
      file,
    ];
  const bare = await launch(floor('bare'), {}, 0, SECTION);
  const minimal = await launch(floor('express'), {}, 0, SECTION);
  // The same app with its access log off (LOG_LEVEL=warn): what the per-request log line costs.
  const quiet = await settle(await launch(command, { LOG_LEVEL: 'warn' }));
  // The same app with V8's default heap (no --max-semi-space-size, no --heap-growing-percent): what those options buy.
  const defaultHeap = await settle(
    await launch(command.filter((word) => !/^--(max-semi-space-size|heap-growing-percent)=/.test(word))),
  );
  const size = (path: string) => Buffer.from(canned.find((c) => c.path === path)!.body, 'base64').length;
  console.log(
    `Bodies (${canned[0]!.headers['content-encoding'] ?? 'identity'}): / ${size('/')} bytes, section ${size(SECTION)} bytes`,
  );

  const servers = [
    { name: 'app', port: app.port },
    { name: 'bare node:http', port: bare.port },
    { name: 'minimal Express route', port: minimal.port },
    { name: 'app, access log off', port: quiet.port },
    { name: "app, V8's default heap", port: defaultHeap.port },
  ];
  const pages = [
    { name: 'home', path: '/' },
    { name: 'section', path: SECTION },
  ];
  console.log(
    "\nRuns after a warm-up (alternating app, bare, express, app with the access log off, app with V8's default heap):",
  );
  const runs = alternate(
    pages.flatMap((page) =>
      servers.map((server) => ({ name: `${server.name} ${page.name}`, port: server.port, path: page.path })),
    ),
  );
  const appRss = residentMegabytes(app.child.pid!);
  const defaultHeapRss = residentMegabytes(defaultHeap.child.pid!);

  console.log(`\nMedians of the ${rounds} rounds:`);
  for (const page of pages) {
    for (const server of servers)
      console.log(row(`${server.name} ${page.name}`, middle(runs.get(`${server.name} ${page.name}`)!)));
  }
  console.log(`\nRatios (median of the ${rounds} per-round ratios, and their range):`);
  for (const page of pages) {
    const of = (server: string) => runs.get(`${server} ${page.name}`)!;
    const [a, e, b, q, d] = [
      of('app'),
      of('minimal Express route'),
      of('bare node:http'),
      of('app, access log off'),
      of("app, V8's default heap"),
    ];
    console.log(
      `  ${page.name.padEnd(8)} app/express ${paired(a, e, rps)} (target ≥ 0.9)   app/bare ${paired(a, b, rps)}   p99 app/express ${paired(a, e, p99)} (target ≤ 1.2)`,
    );
    console.log(
      `  ${''.padEnd(8)} access log off: app/express ${paired(q, e, rps)}   app/bare ${paired(q, b, rps)}   p99 app/express ${paired(q, e, p99)}`,
    );
    console.log(
      `  ${''.padEnd(8)} CPU per request app/express ${paired(a, e, cpu)}; access log on/off ${paired(a, q, rps)} req/s, CPU ${paired(a, q, cpu)}; npm start's heap options/V8's defaults ${paired(a, d, rps)} req/s, CPU ${paired(a, d, cpu)}, p99 ${paired(a, d, p99)}`,
    );
  }
  console.log(
    `\nResident memory of the app after the load: ${fmt(appRss, 1)} MB (VmRSS; target ≤ 120 MB); with V8's default heap ${fmt(defaultHeapRss, 1)} MB (${fmt(appRss / defaultHeapRss, 2)})`,
  );
  await Promise.all([stop(app), stop(bare), stop(minimal), stop(quiet), stop(defaultHeap)]);

  // ---- the access log: the app's (one template string per request, one write per turn of the event loop, wrapped
  // round the first handler) against a plain pino middleware logging the same fields, on the same Express route
  console.log('\nThe access log, on a minimal Express route sending the section page (scripts/bench/floor.ts):');
  const ownLog = await launch(floor('express-log'), {}, 0, SECTION);
  const pinoLog = await launch(floor('express-pino-log'), {}, 0, SECTION);
  const logRuns = alternate([
    { name: "the app's access log", port: ownLog.port, path: SECTION },
    { name: 'a pino middleware', port: pinoLog.port, path: SECTION },
  ]);
  const [own, plain] = [logRuns.get("the app's access log")!, logRuns.get('a pino middleware')!];
  const logRatio = paired(own, plain, rps);
  console.log(
    `  app's log / pino middleware: ${logRatio} req/s, CPU per request ${paired(own, plain, cpu)}, p99 ${paired(own, plain, p99)}`,
  );
  await Promise.all([stop(ownLog), stop(pinoLog)]);

  // ---- a reload under load: the build runs in a worker thread (src/run/build-in-worker.ts), so requests go on
  const reloadDir = mkdtempSync(join(tmpdir(), 'reader-reload-'));
  const contentCopy = join(reloadDir, 'interview.md');
  copyFileSync(join(root, 'content/interview.md'), contentCopy);
  copyFileSync(join(root, 'content/anchors.lock.json'), join(reloadDir, 'anchors.lock.json'));
  const reloading = await settle(await launch(command, { CONTENT_FILE: contentCopy, SNAPSHOT_FILE: '' }));
  load(reloading.port, SECTION, 1);
  const steady = load(reloading.port, SECTION, duration);
  const during = loadInBackground(reloading.port, SECTION, duration);
  await sleep(500);
  // A new line at the end: the content file changed, so the server rebuilds (its text, and so its version, the same).
  appendFileSync(contentCopy, '\n');
  const reloaded = await during;
  await stop(reloading);
  rmSync(reloadDir, { recursive: true, force: true });
  console.log(
    '\nA reload under load (the content file changed 0.5 s into the run; the build runs in a worker thread):',
  );
  console.log(row('app section, no reload', steady));
  console.log(row('app section, a reload', reloaded));
  console.log(
    `  slowest request: ${fmt(steady.max, 1)} ms without, ${fmt(reloaded.max, 1)} ms with a reload; the same build on the server's own thread would hold every request for its whole length (the build's time is above, under "Preview images")`,
  );

  if (!quick) {
    // ---- scaling: a generated interview of about 10 MB
    const generated = generateInterview(readFileSync(join(root, 'content/interview.md'), 'utf8'));
    const bigDir = join(generated.file, '..');
    // Its own snapshot file, so the real interview's dist/site.snapshot stays as it is.
    const big = { CONTENT_FILE: generated.file, SNAPSHOT_FILE: join(bigDir, 'site.snapshot') };
    console.log(
      `\nScaling: generated interview of ${fmt(generated.bytes / 1e6, 1)} MB (500 sections × 10 questions, 5,000 question pages), CONTENT_FILE=${generated.file}`,
    );
    const building = process.hrtime.bigint();
    execFileSync(process.execPath, [join(root, 'dist/cli/prestart.js')], {
      cwd: root,
      env: { ...process.env, ...big },
      stdio: 'ignore',
    });
    console.log(
      `  build snapshot (npm start's second prestart step, node dist/cli/prestart.js): ${fmt(Number(process.hrtime.bigint() - building) / 1e6)} ms`,
    );
    const bigStart = await startup(command, big, 3);
    const bigSearch = await startup(command, big, 3, SEARCH);
    const bigCold = await startup(command, { ...big, SNAPSHOT_FILE: '' }, 3);
    console.log(
      `  start-up to first 200 (median of 3): from the build snapshot ${startupText(bigStart)} (target ≤ 5000 ms); to the first 200 on ${SEARCH} ${startupText(bigSearch)}`,
    );
    console.log(
      `  without the snapshot (SNAPSHOT_FILE='', building at start): ${startupText(bigCold)}; the real interview from its snapshot: ${startupText(appStart)}`,
    );

    const bigApp = await settle(await launch(command, big));
    const realApp = await settle(await launch(command));
    const bigQuestion = '/questions/q2500';
    const kinds = [
      { name: 'section', real: SECTION, big: await findSection(bigApp.port) },
      { name: 'question', real: QUESTION, big: bigQuestion },
    ];
    const bigCanned = await Promise.all(kinds.map((kind) => capture(bigApp.port, kind.big)));
    const realCanned = await Promise.all(kinds.map((kind) => capture(realApp.port, kind.real)));
    const bigCannedFile = join(bigDir, 'responses-10mb.json');
    writeFileSync(bigCannedFile, JSON.stringify(bigCanned));
    const bigFloor = await launch(floor('express', bigCannedFile), {}, 0, kinds[0]!.big);
    const bytes = (response: CannedResponse) => Buffer.from(response.body, 'base64').length;
    kinds.forEach((kind, i) =>
      console.log(
        `  ${kind.name} pages: real ${kind.real} ${bytes(realCanned[i]!)} bytes, 10 MB ${kind.big} ${bytes(bigCanned[i]!)} bytes (brotli)`,
      ),
    );
    const contenders = (kind: (typeof kinds)[number]): Contender[] => [
      { name: `app, real interview ${kind.name}`, port: realApp.port, path: kind.real },
      { name: `app, 10 MB interview ${kind.name}`, port: bigApp.port, path: kind.big },
      { name: `minimal Express route, 10 MB bytes ${kind.name}`, port: bigFloor.port, path: kind.big },
    ];
    const scaled = alternate(kinds.flatMap(contenders));
    console.log(`  medians of the ${rounds} rounds:`);
    for (const kind of kinds) {
      const [real, large, express] = contenders(kind).map((contender) => scaled.get(contender.name)!);
      for (const contender of contenders(kind)) console.log(row(contender.name, middle(scaled.get(contender.name)!)));
      console.log(
        `  ${kind.name.padEnd(8)} 10 MB / real ${paired(large!, real!, rps)} (target within 10 %)   10 MB app/express ${paired(large!, express!, rps)}   p99 10 MB/real ${paired(large!, real!, p99)}`,
      );
    }
    console.log(
      `  resident memory after the load: 10 MB interview ${fmt(residentMegabytes(bigApp.child.pid!), 1)} MB, real interview ${fmt(residentMegabytes(realApp.child.pid!), 1)} MB`,
    );
    await Promise.all([stop(bigApp), stop(realApp), stop(bigFloor)]);
    rmSync(bigDir, { recursive: true, force: true });

    // ---- past one core: two workers; nothing pinned, the load generator shares the two cores
    console.log('\nTwo workers (WORKERS=2, node:cluster; server and load generator share both cores, nothing pinned):');
    const workers = await launch(command, { WORKERS: '2' }, null);
    for (const page of pages) load(workers.port, page.path, 1, null);
    for (const page of pages) {
      const figures = middle(Array.from({ length: rounds }, () => load(workers.port, page.path, duration, null)));
      console.log(row(`app ${page.name}, 2 workers`, figures));
      const single = middle(runs.get(`app ${page.name}`)!);
      console.log(`  ${page.name}: 2 workers / 1 pinned worker ${fmt(figures.rps / single.rps, 2)}`);
    }
    console.log(`  resident memory, primary + 2 workers: ${fmt(residentMegabytes(workers.child.pid!), 1)} MB`);
    await stop(workers);
  }
  rmSync(dir, { recursive: true, force: true });
}

/** The middle section link on the home page. */
async function findSection(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      let html = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (html += chunk));
      res.on('end', () => {
        const links = [...html.matchAll(/href="(\/sections\/[^"#]+)"/g)].map((match) => match[1]!);
        if (links.length === 0) reject(new Error('no section link on /'));
        else resolve(links[Math.floor(links.length / 2)]!);
      });
    })
      .on('error', reject)
      .end();
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
