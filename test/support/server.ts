// The one way tests start the server as a real process: `src/run/server.ts` as `npm start` runs it, on a free loopback port.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll } from 'vitest';
import { rawRequest } from './http.js';
import { root } from './site.js';

/** A running server process. */
export interface ServerProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** The port it serves on (the first one it printed). */
  readonly port: number;
  /** The address tests dial: `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** What it has printed so far. */
  readonly output: () => { stdout: string; stderr: string };
  /** Resolves with its exit code when it exits (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  /** Resolves when stdout, so far or later, matches `pattern`; rejects if the process exits first. */
  readonly waitFor: (pattern: RegExp) => Promise<RegExpExecArray>;
  /** Sends `signal` (SIGTERM by default), then SIGKILL if it has not exited within 10 s; resolves with the exit code. */
  readonly stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/** What a process that has exited printed, and its exit code. */
export interface ServerExit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The line the server prints once it serves, with its port; each cluster worker prints one. */
export const SERVING = /Reader ready: open http:\/\/\S+?:(\d+)\//;

/**
 * The environment a test gives the server, over the test's own: a value of `undefined` removes the variable.
 * PORT is 0 and HOST 127.0.0.1 unless it says otherwise.
 */
export type ServerEnv = Readonly<Record<string, string | undefined>>;

/** Whether the server gets a terminal for its stdout and stderr (through util-linux's `script`), or pipes. */
export interface ServerOptions {
  readonly terminal?: boolean;
}

/** `script` gives a process a pseudo-terminal; on Linux it comes with util-linux (Debian: bsdutils, always there). */
export const CAN_GIVE_A_TERMINAL = process.platform === 'linux' && existsSync('/usr/bin/script');

/** How long a start may take before the process is killed and the start fails with its output. */
const START_TIMEOUT_MS = 60_000;

/** Servers still running. Under vitest, those a test left behind (it failed or timed out first) die after its file. */
const running = new Set<ChildProcessWithoutNullStreams>();
if (process.env.VITEST)
  afterAll(() => {
    for (const child of running) child.kill('SIGKILL');
  });

/** Spawns the server under `env`, with pipes or (`terminal`) a pseudo-terminal whose output comes on stdout. */
function spawnServer(env: ServerEnv, { terminal = false }: ServerOptions) {
  const command = [process.execPath, '--import', 'tsx', 'src/run/server.ts'];
  const options = { cwd: root, env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env } };
  const child = terminal
    ? // -q: no "Script started" banner; -e: its exit code is the server's; -f: output as it comes; -c: the command.
      spawn('script', ['-qefc', command.map((word) => `'${word}'`).join(' '), '/dev/null'], options)
    : spawn(command[0]!, command.slice(1), options);
  running.add(child);
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const check of [...waiters]) check();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const output = () => ({ stdout, stderr });
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(stdout);
        if (!match) return;
        waiters.delete(check);
        resolve(match);
      };
      waiters.add(check);
      check();
      void exited.then((code) => {
        if (!waiters.delete(check)) return;
        reject(new Error(`the server exited with ${code} before printing ${pattern}; it printed:\n${stdout}${stderr}`));
      });
    });
  const stop = (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) {
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      void exited.then(() => clearTimeout(kill));
      child.kill(signal);
    }
    return exited;
  };
  return { child, output, exited, waitFor, stop };
}

/**
 * Starts the server with `env` (PORT=0 and HOST=127.0.0.1 unless it says otherwise) and resolves once it serves.
 * Rejects with its output if it exits first, or if it has not served within a minute (it is then killed).
 */
export async function startServer(env: ServerEnv = {}, options: ServerOptions = {}): Promise<ServerProcess> {
  const server = spawnServer(env, options);
  const timer = setTimeout(() => server.child.kill('SIGKILL'), START_TIMEOUT_MS);
  try {
    const port = Number((await server.waitFor(SERVING))[1]);
    return { ...server, port, origin: `http://127.0.0.1:${port}` };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs the server with `env` until it exits on its own, as it does when it refuses to start; resolves with its exit
 * code and output. Rejects if it serves instead (it is then killed), or is still running after a minute.
 */
export async function serverExit(env: ServerEnv): Promise<ServerExit> {
  const server = spawnServer(env, {});
  const timer = setTimeout(() => server.child.kill('SIGKILL'), START_TIMEOUT_MS);
  try {
    const code = await Promise.race([
      server.exited,
      server.waitFor(SERVING).then(
        async () => {
          await server.stop('SIGKILL');
          throw new Error(`the server started instead of refusing to: ${server.output().stdout}`);
        },
        () => server.exited,
      ),
    ]);
    return { code, ...server.output() };
  } finally {
    clearTimeout(timer);
  }
}

/** Polls the server's /healthz every 50 ms until `done` holds for its report (a state, not a time). */
export async function untilHealth(
  server: ServerProcess,
  done: (report: { status: string; version: string }) => boolean,
): Promise<void> {
  for (;;) {
    const response = await rawRequest(server.port, { path: '/healthz' });
    if (done(JSON.parse(response.body) as { status: string; version: string })) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
