// WORKERS: serve from several processes with node:cluster, all on one port; the primary only supervises.
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';

/** What a worker tells the primary once it serves its Site. */
const SERVING = 'interview-reader: serving';

/** In a cluster worker, tells the primary that this worker now serves; elsewhere does nothing. */
export function announceServing(): void {
  if (cluster.isWorker) process.send?.(SERVING);
}

/** Most workers accepted; more than this is a typo, not a plan. */
export const MAX_WORKERS = 64;

/**
 * Reads the WORKERS setting. Unset or empty: 1 (one process, no cluster). `auto`: one per CPU.
 * @throws Error naming the setting for anything but an integer 1..MAX_WORKERS or `auto`.
 */
export function workerCount(setting: string | undefined): number {
  if (setting === undefined || setting.trim() === '') return 1;
  if (setting.trim() === 'auto') return availableParallelism();
  const count = Number(setting);
  if (!Number.isInteger(count) || count < 1 || count > MAX_WORKERS) {
    throw new Error(
      `WORKERS must be a whole number from 1 to ${MAX_WORKERS}, or "auto"; got ${JSON.stringify(setting)}`,
    );
  }
  return count;
}

/**
 * With more than one worker and in the primary process: forks `count` workers and supervises them, and returns
 * true (the caller must not serve). In a worker, or with one worker, returns false: the caller loads and serves.
 *
 * Supervision: a worker that exits before it ever served (a content fault, a port in use) stops the whole
 * cluster with its exit code, since every worker would fail the same way; one that dies later is replaced.
 * SIGTERM/SIGINT are passed on to the workers, which close their servers; the primary exits when they have.
 * SIGHUP and SIGUSR2 are passed on too, and the primary goes on.
 */
export function startWorkers(count: number): boolean {
  if (count <= 1 || !cluster.isPrimary) return false;
  let stopping = false;
  const listened = new WeakSet<Worker>();
  // A worker may bind its port before its Site is built (PORT=0): it counts as started once it says it serves.
  const fork = () => {
    const worker = cluster.fork();
    worker.on('message', (message: unknown) => {
      if (message === SERVING) listened.add(worker);
    });
  };
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    if (!listened.has(worker)) {
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.kill('SIGTERM');
      process.exitCode = code || 1;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    console.error(`Worker ${worker.process.pid} died (${signal ?? `exit code ${code}`}); starting another`);
    fork();
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // SIGHUP (reload the content now) and SIGUSR2 (log the status) are each worker's to answer; the primary passes them on.
  const forward = (signal: NodeJS.Signals) => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.on('SIGHUP', forward);
  process.on('SIGUSR2', forward);
  for (let i = 0; i < count; i++) fork();
  return true;
}

/**
 * The entry point's one call: with WORKERS above 1, in the primary, starts the workers and returns true (do not
 * serve here); otherwise false. A bad WORKERS value stops the process with a one-line message and exit code 1.
 */
export function superviseWorkers(setting: string | undefined = process.env.WORKERS): boolean {
  let count: number;
  try {
    count = workerCount(setting);
  } catch (error) {
    console.error(`Cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
  return startWorkers(count);
}
