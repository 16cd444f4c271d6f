// Watching the content file as it is really deployed: saved by rename, behind symlinks, in a folder replaced whole, in a Kubernetes ConfigMap's `..data` swap.
import { realpathSync, statSync, watch as fsWatch, type FSWatcher } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** How the content file is being watched, for `/healthz` and the log. */
export type WatchState =
  /** File events on the folders the file is reached through, and a check of the file every `pollMs`. */
  | { readonly mode: 'events' }
  /** File events could not be kept: only the check every `pollMs` finds changes (a little later, never missed). */
  | { readonly mode: 'polling'; readonly reason: string };

export interface WatchOptions {
  /** Called once a burst of changes has settled for `debounceMs`. */
  readonly onChange: () => void;
  /** Called when the state changes, and when the file starts to be reached through other folders (`moved`). */
  readonly onNotice: (notice: { readonly state: WatchState } | { readonly moved: readonly string[] }) => void;
  /** How often the file is checked whatever the events say. Default 500 ms. */
  readonly pollMs?: number;
  /** Default 100 ms. */
  readonly debounceMs?: number;
  /** node:fs `watch`; a test passes one that fails. */
  readonly watch?: typeof fsWatch;
}

/** What identifies the bytes at `file` now: the real file it resolves to and that file's identity and times. */
function signature(file: string): string {
  try {
    const real = realpathSync(file);
    const stats = statSync(real, { bigint: true });
    return `${real}\0${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
  } catch (error) {
    return `unreadable\0${(error as NodeJS.ErrnoException).code ?? String(error)}`;
  }
}

/**
 * The folders whose events can announce a change: the configured path's own folder (a save by rename, a symlink
 * re-pointed, a ConfigMap's `..data` swapped) and the real file's folder (a symlink's target edited in place), each
 * with its inode, so that a folder replaced under the same name is watched again.
 */
function foldersOf(file: string): Map<string, string> {
  const folders = new Map<string, string>();
  const add = (dir: string) => {
    try {
      folders.set(dir, String(statSync(dir).ino));
    } catch {
      // Not there (now): the check every pollMs still looks.
    }
  };
  add(dirname(resolve(file)));
  try {
    add(dirname(realpathSync(file)));
  } catch {
    // The file is missing: its folder is watched, and the check notices when it is back.
  }
  return folders;
}

/**
 * Calls `onChange` when the bytes at `file` may have changed, however the change was made. Two means, one decision:
 * file events on the folders the file is reached through, and a check every `pollMs`. Either only triggers a
 * comparison of the file's signature (its real path, inode, size and times), so a change is acted on once,
 * and one that events miss (a folder replaced, a watch lost) is found by the check. When file events fail (the
 * system's inotify limit, say), the check alone goes on and `onNotice` says so. Never throws after it starts.
 * @returns a function that stops watching.
 */
export function watchContent(file: string, options: WatchOptions): () => void {
  const { onChange, onNotice, pollMs = 500, debounceMs = 100, watch = fsWatch } = options;
  let last = signature(file);
  let timer: NodeJS.Timeout | undefined;
  let state: WatchState = { mode: 'events' };
  let watched = new Map<string, string>();
  const watchers = new Map<string, FSWatcher>();

  const lose = (error: unknown) => {
    if (state.mode === 'polling') return;
    for (const watcher of watchers.values()) watcher.close();
    watchers.clear();
    const code = (error as NodeJS.ErrnoException).code;
    state = {
      mode: 'polling',
      reason: `file events failed (${code ?? (error as Error).message}): changes are found by a check every ${pollMs / 1000} s`,
    };
    onNotice({ state });
  };

  /** Watches the folders the file is reached through now, if they are not the ones watched already. */
  const arm = () => {
    const folders = foldersOf(file);
    const same = folders.size === watched.size && [...folders].every(([dir, ino]) => watched.get(dir) === ino);
    if (same || state.mode === 'polling') return;
    const moved = watched.size > 0;
    for (const watcher of watchers.values()) watcher.close();
    watchers.clear();
    watched = folders;
    for (const dir of folders.keys()) {
      try {
        const watcher = watch(dir, { persistent: false }, () => check());
        watcher.on('error', lose);
        watchers.set(dir, watcher);
      } catch (error) {
        return lose(error);
      }
    }
    if (moved) onNotice({ moved: [...folders.keys()] });
  };

  const check = () => {
    arm();
    const now = signature(file);
    if (now === last) return;
    last = now;
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };

  arm();
  const poll = setInterval(check, pollMs).unref();
  return () => {
    clearInterval(poll);
    clearTimeout(timer);
    for (const watcher of watchers.values()) watcher.close();
  };
}
