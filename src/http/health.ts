// The health report: which content version is served and how the last reload went. No internals.
import { basename } from 'node:path';
import { ContentError } from '../content/errors.js';

/** How a content reload ended. */
export interface ReloadOutcome {
  readonly ok: boolean;
  /** When the reload finished, ISO 8601. */
  readonly at: string;
  /** For a failed reload: the content file's name (no directory), line and reason. */
  readonly error?: string;
}

/** What `GET /healthz` answers. */
export interface HealthReport {
  /** `degraded` when the last reload failed and the previous version is still served. */
  readonly status: 'ok' | 'degraded';
  /** The version served: a hash of every byte of every page and asset. */
  readonly version: string;
  /** The last reload since start-up; `null` when there was none. */
  readonly lastReload: ReloadOutcome | null;
  /**
   * How the content file is watched (a server that watches it says): `events` (file events and a check every 0.5 s), or
   * `polling` with the reason file events were lost (the check alone: changes still load, a little later).
   */
  readonly watch?: { readonly mode: 'events' } | { readonly mode: 'polling'; readonly reason: string };
}

/** The report for a served version and the last reload (or none). */
export function healthReport(
  version: string,
  lastReload: ReloadOutcome | null,
  watch?: HealthReport['watch'],
): HealthReport {
  return { status: lastReload && !lastReload.ok ? 'degraded' : 'ok', version, lastReload, ...(watch ? { watch } : {}) };
}

/**
 * An error as the public may see it: a ContentError as `interview.md line 3: reason` (the file's
 * name without its directory), anything else as a fixed phrase, since its message may name internals.
 */
export function publicReason(error: unknown): string {
  if (error instanceof ContentError) {
    const file = basename(error.file);
    return error.line > 0 ? `${file} line ${error.line}: ${error.reason}` : `${file}: ${error.reason}`;
  }
  return 'the site could not be built from the new content (see the server log)';
}
