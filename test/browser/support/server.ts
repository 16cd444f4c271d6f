// A real reader process for the browser tests: `node --import tsx src/run/server.ts` on a free loopback port.
import { spawn, type ChildProcess } from 'node:child_process';
import { root } from '../../support/site.js';

/** A running server: its origin (`http://127.0.0.1:<port>`) and how to stop it. */
export interface RunningServer {
  readonly origin: string;
  /** The origin its pages name (no SITE_URL: `http://localhost:<port>`), where `origin` is the address the tests dial. */
  readonly publicOrigin: string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;

/** Starts the server as `npm start` does, with PORT=0 on 127.0.0.1 and extra `env`; resolves once it prints its URL. */
export function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/run/server.ts'], {
    cwd: root,
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${reason}; its output:\n${output}`));
    };
    const timer = setTimeout(
      () => fail(`the server did not print its URL within ${START_TIMEOUT_MS / 1000}s`),
      START_TIMEOUT_MS,
    );
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      // The server prints e.g. "Reader serving on http://localhost:41234/"; only the port matters here.
      const port = /https?:\/\/[^\s/]+:(\d+)\//.exec(output)?.[1];
      if (port) {
        clearTimeout(timer);
        child.stdout?.off('data', collect);
        child.off('exit', exited);
        const named = /its pages name their address as (\S+)/.exec(output)?.[1] ?? `http://localhost:${port}`;
        resolve({ origin: `http://127.0.0.1:${port}`, publicOrigin: named, stop: () => stop(child) });
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = (code: number | null) => fail(`the server exited with code ${code} before printing its URL`);
    child.once('exit', exited);
  });
}

/** SIGTERM, then SIGKILL if it has not exited within 10 s. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
