// Settings from the environment, read once; see README "Configuration".
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { logLevelFault } from '../http/log.js';
import { DEFAULT_SNAPSHOT_FILE } from './artifact-file.js';

/** The project folder: holds views/, public/ and content/. */
export const root = resolve(fileURLToPath(import.meta.url), '../../..');

const contentFile = resolve(root, process.env.CONTENT_FILE ?? 'content/interview.md');

export const config = {
  port: Number(process.env.PORT ?? 3000),
  host: process.env.HOST ?? '0.0.0.0',
  contentFile,
  /** The lock of published anchors: beside the content file. */
  anchorsFile: resolve(dirname(contentFile), 'anchors.lock.json'),
  baseUrl: (process.env.SITE_URL ?? '').replace(/\/+$/, ''),
  hsts: process.env.HSTS === '1',
  logLevel: process.env.LOG_LEVEL ?? 'info',
  /** The build snapshot read at start-up (see src/snapshot.ts); '' turns it off. */
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
  return logLevelFault(config.logLevel);
}
