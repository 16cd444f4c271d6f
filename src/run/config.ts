// Settings from the environment, read once; see README "Configuration".
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { logLevelFault, type LogFormat } from '../http/log.js';
import { DEFAULT_SNAPSHOT_FILE } from './snapshot-file.js';

/** The project folder: holds views/, public/ and content/. */
export const root = resolve(fileURLToPath(import.meta.url), '../../..');

const contentFile = resolve(root, process.env.CONTENT_FILE ?? 'content/interview.md');

const port = Number(process.env.PORT ?? 3000);
/** SITE_URL as given, less any trailing slash; '' when unset. */
const siteUrl = (process.env.SITE_URL ?? '').trim().replace(/\/+$/, '');

/** The origin pages name when SITE_URL is unset: the address the server listens on. Never taken from a request. */
export const localOrigin = (listeningPort: number): string => `http://localhost:${listeningPort}`;

/** Plain lines for a person when stdout is a terminal; JSON lines for a log collector otherwise. */
const logFormat: LogFormat = process.stdout.isTTY ? 'text' : 'json';

export const config = {
  port,
  host: listenHost(process.env.HOST, siteUrl),
  contentFile,
  /** The lock of published anchors: beside the content file. */
  anchorsFile: resolve(dirname(contentFile), 'anchors.lock.json'),
  /** The editorial notes: beside the content file. */
  notesFile: resolve(dirname(contentFile), 'notes.yaml'),
  /** SITE_URL: the public origin, when set. */
  siteUrl,
  /**
   * The origin every absolute URL of the pages starts with: SITE_URL, else `http://localhost:<PORT>`. '' only for
   * PORT=0 without SITE_URL, where the port is known once the server listens (src/run/server.ts fills it in then).
   */
  baseUrl: siteUrl || (Number.isInteger(port) && port > 0 ? localOrigin(port) : ''),
  hsts: process.env.HSTS === '1',
  logLevel: process.env.LOG_LEVEL ?? 'info',
  logFormat,
  /** The snapshot read at start-up (see snapshot-file.ts); '' turns it off. */
  snapshotFile: snapshotFile(process.env.SNAPSHOT_FILE),
};

/**
 * The address to listen on: HOST when set. Else this machine only, 127.0.0.1, unless SITE_URL names a public origin
 * (a deployment), which gets every interface, 0.0.0.0. A first `npm start` is then not reachable from the network.
 * IPv4's loopback rather than ::1: every machine has it (a container may have no IPv6), and a browser reaches it as
 * `localhost`, which names both.
 */
function listenHost(host: string | undefined, siteUrl: string): string {
  if (host !== undefined && host.trim() !== '') return host.trim();
  if (!siteUrl) return '127.0.0.1';
  // A SITE_URL that is not a URL counts as public: settingsFault stops the server before it listens anyway.
  return URL.canParse(siteUrl) && isLoopback(new URL(siteUrl).hostname) ? '127.0.0.1' : '0.0.0.0';
}

/** The address to open in a browser on this machine, for a server listening on `host` and `port`. */
export function openUrl(host: string, port: number): string {
  if (['0.0.0.0', '::', '127.0.0.1', 'localhost'].includes(host)) return `http://localhost:${port}/`;
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  return bare.includes(':') ? `http://[${bare}]:${port}/` : `http://${bare}:${port}/`;
}

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
