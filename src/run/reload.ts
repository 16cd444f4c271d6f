// Live content: the Site being served, rebuilt and swapped in whole when the content file changes.
import { healthReport, publicReason, type HealthReport, type ReloadOutcome } from '../http/health.js';
import type { Site } from '../site/site.js';
import type { WatchState } from './watch-content.js';

/** What a reload did: swapped in a new version, found the same bytes, or kept the old one. */
export type ReloadResult =
  | { readonly kind: 'swapped'; readonly version: string }
  | { readonly kind: 'unchanged'; readonly version: string }
  | { readonly kind: 'failed'; readonly error: unknown };

/**
 * Holds the served Site. `reload()` builds a complete new Site first and only then replaces
 * the reference in one assignment, so a request (which reads `current` once) sees the old
 * version or the new one, never a mix. A failed build leaves the old Site in place.
 */
export class LiveSite {
  #site: Site;
  #lastReload: ReloadOutcome | null = null;
  /** The reload being built, if any. */
  #running: Promise<ReloadResult> | undefined;
  /** The one reload queued behind it, if any. */
  #queued: Promise<ReloadResult> | undefined;

  /**
   * @param build loads and builds the site from disk (in a worker thread for the server: a promise); throws or rejects
   *   (ContentError for content faults) when it cannot.
   * @param initial the site built at start-up.
   * @param now the clock, for the time of the last reload.
   * @param beforeSwap called with the new Site and the current one just before the new one is served.
   */
  constructor(
    private readonly build: () => Site | Promise<Site>,
    initial: Site,
    private readonly now: () => Date = () => new Date(),
    private readonly beforeSwap: (next: Site, previous: Site) => void = () => {},
  ) {
    this.#site = initial;
  }

  /** The Site to serve now. */
  get current(): Site {
    return this.#site;
  }

  /**
   * Rebuilds from disk and swaps the result in, or keeps the current Site when the build fails. Never rejects.
   * Asked while a reload is being built, it queues one more, which reads the files as they are when it starts; any
   * number of changes during one build make one more reload, not one each.
   */
  reload(): Promise<ReloadResult> {
    if (!this.#running) return this.#start();
    return (this.#queued ??= this.#running.then(() => {
      this.#queued = undefined;
      return this.#start();
    }));
  }

  #start(): Promise<ReloadResult> {
    const running = this.#rebuild().finally(() => {
      if (this.#running === running) this.#running = undefined;
    });
    this.#running = running;
    return running;
  }

  async #rebuild(): Promise<ReloadResult> {
    let next: Site;
    try {
      next = await this.build();
    } catch (error) {
      this.#lastReload = { ok: false, at: this.now().toISOString(), error: publicReason(error) };
      return { kind: 'failed', error };
    }
    this.#lastReload = { ok: true, at: this.now().toISOString() };
    if (next.version === this.#site.version) return { kind: 'unchanged', version: next.version };
    this.beforeSwap(next, this.#site);
    this.#site = next;
    return { kind: 'swapped', version: next.version };
  }

  /** The report `/healthz` sends; `watch` says how the content file is watched (the server's watcher). */
  health(watch?: WatchState): HealthReport {
    return healthReport(this.#site.version, this.#lastReload, watch);
  }
}
