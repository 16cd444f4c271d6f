// Settings from the environment, read once; see README "Configuration".
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { logLevelFault } from '../http/log.js';
import { DEFAULT_SNAPSHOT_FILE } from './snapshot-file.js';

/** The project folder: holds views/, public/ and content/. */
export const root = resolve(fileURLToPath(import.meta.url), '../../..');

const contentFile = resolve(root, process.env.CONTENT_FILE ?? 'content/interview.md');

const port = Number(process.env.PORT ?? 3000);
/** SITE_URL as given, less any trailing slash; '' when unset. */
const siteUrl = (process.env.SITE_URL ?? '').trim().replace(/\/+$/, '');

/** The origin pages name when SITE_URL is unset: the address the server listens on. Never taken from a request. */
export const localOrigin = (listeningPort: number): string => `http://localhost:${listeningPort}`;

export const config = {
  port,
  host: process.env.HOST ?? '0.0.0.0',
  contentFile,
  /** The lock of published anchors: beside the content file. */
  anchorsFile: resolve(dirname(contentFile), 'anchors.lock.json'),
  /** SITE_URL: the public origin, when set. */
  siteUrl,
  /**
   * The origin every absolute URL of the pages starts with: SITE_URL, else `http://localhost:<PORT>`. '' only for
   * PORT=0 without SITE_URL, where the port is known once the server listens (src/run/server.ts fills it in then).
   */
  baseUrl: siteUrl || (Number.isInteger(port) && port > 0 ? localOrigin(port) : ''),
  hsts: process.env.HSTS === '1',
  logLevel: process.env.LOG_LEVEL ?? 'info',
  /** The snapshot read at start-up (see snapshot-file.ts); '' turns it off. */
  snapshotFile: snapshotFile(process.env.SNAPSHOT_FILE),
};

function snapshotFile(setting: string | undefined): string {
  if (setting === undefined) return DEFAULT_SNAPSHOT_FILE;
  return setting.trim() === '' ? '' : resolve(setting);
}

/** What is wrong with the settings, or undefined. */
export function settingsFault(): string | undefined {
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
    return `PORT should be a whole number from 0 to 65535; got ${JSON.stringify(process.env.PORT)}`;
  }
  if (config.siteUrl) return siteUrlFault(process.env.SITE_URL ?? '') ?? logLevelFault(config.logLevel);
  return logLevelFault(config.logLevel);
}

/**
 * What is wrong with a SITE_URL, in one line, or undefined: the one rule the server and the export apply. It must be
 * an absolute http or https URL, with no user or password, no query or fragment, and its path written plainly (no
 * `.` or `..` segments, no `//`, percent-encoded as a browser would, host in lower case). A trailing slash is dropped.
 */
export function siteUrlFault(value: string): string | undefined {
  const fault = (why: string) =>
    `SITE_URL should be the public address, such as https://reader.example: http or https, no user or password, ` +
    `no query or #, its path written out plainly (${why}); got ${JSON.stringify(value)}`;
  const given = value.trim().replace(/\/+$/, '');
  let parsed: URL;
  try {
    parsed = new URL(given);
  } catch {
    return fault('not an absolute URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return fault(`${parsed.protocol} is not http or https`);
  if (parsed.username || parsed.password) return fault('it names a user or password');
  if (parsed.search || parsed.hash || given.includes('?') || given.includes('#')) return fault('it has a query or #');
  const plain = `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/{2,}/g, '/')}`.replace(/\/+$/, '');
  return plain === given ? undefined : fault(`write it as ${plain}`);
}

/** Whether `host` (HOST) is a loopback address, reachable from this machine only. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);
}
