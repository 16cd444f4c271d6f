// What an operator sees: the access and error log, /healthz, and reloads through LiveSite.
import { mkdtempSync, readFileSync, renameSync, watch, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/http/app.js';
import { parseAnchorLock } from '../src/content/anchors.js';
import { ContentError } from '../src/content/errors.js';
import { parseInterview } from '../src/content/parse.js';
import { accessLog, createLogger, textLine } from '../src/http/log.js';
import { LiveSite } from '../src/run/reload.js';
import { watchContent } from '../src/run/watch-content.js';
import { KEEP_MS, servedFilesFolder } from '../src/run/served-files.js';
import { type Site } from '../src/site/site.js';
import { listen, rawRequest } from './support/http.js';
import { appFor, realContent, realSite, root, siteFrom } from './support/site.js';

const site = realSite();
const other = siteFrom(realContent().replace('"The only people', '"Only the people'));

/** A logger at `level` whose lines are parsed into `lines`. */
function capturingLogger(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger(level, stream), lines };
}

/** A site whose resource lookup fails for `/boom`, as a bug in the app would. */
function siteFailingOn(path: string): Site {
  const resources = new Map(site.resources);
  const get = resources.get.bind(resources);
  resources.get = (key: string) => {
    if (key === path) throw new Error('lookup exploded at /srv/secret/app.ts:12');
    return get(key);
  };
  return { ...site, resources };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the access log', () => {
  it('writes one line per request with method, path, status and response time', async () => {
    const { logger, lines } = capturingLogger();
    const app = createApp({ site: () => site, logger });
    await request(app).get('/full').expect(200);
    await request(app).post('/').expect(405);
    await request(app).get('/nowhere?token=secret').expect(404);
    await settle();
    expect(lines.map((line) => [line.req, line.res])).toEqual([
      [{ method: 'GET', path: '/full' }, { status: 200 }],
      [{ method: 'POST', path: '/' }, { status: 405 }],
      [{ method: 'GET', path: '/nowhere' }, { status: 404 }],
    ]);
    for (const line of lines) {
      expect(line.level).toBe(30);
      expect(typeof line.responseTime).toBe('number');
    }
    expect(JSON.stringify(lines)).not.toContain('secret');
  });

  it('keeps every line valid JSON for a hostile path, and logs a 5xx at error with its own message', async () => {
    const { logger, lines } = capturingLogger();
    const server = await listen(createApp({ site: () => siteFailingOn('/boom'), logger }));
    try {
      expect((await rawRequest(server.port, { path: '/"},"res":{"status":200},"x":"\\' })).status).toBe(404);
      expect((await rawRequest(server.port, { path: '/boom' })).status).toBe(500);
    } finally {
      await server.close();
    }
    await settle();
    const access = lines.filter((line) => line.msg !== 'unexpected error');
    expect(access.map((line) => [line.level, line.msg, line.req, line.res])).toEqual([
      [30, 'request', { method: 'GET', path: '/"},"res":{"status":200},"x":"\\' }, { status: 404 }],
      [50, 'request failed', { method: 'GET', path: '/boom' }, { status: 500 }],
    ]);
    for (const line of access)
      expect(Object.keys(line)).toEqual(['level', 'time', 'req', 'res', 'responseTime', 'msg']);
  });

  it('logs a request whose client left before the answer as aborted', async () => {
    const { logger, lines } = capturingLogger();
    // A handler that never answers: the client gives up first.
    const app = express();
    app.use(accessLog(logger)(() => {}));
    const server = await listen(app);
    try {
      await expect(rawRequest(server.port, { path: '/search?q=x', timeoutMs: 100 })).rejects.toThrow();
      await expect.poll(() => lines.length).toBe(1);
    } finally {
      await server.close();
    }
    expect(lines.map((line) => [line.msg, line.req])).toEqual([
      ['request aborted', { method: 'GET', path: '/search' }],
    ]);
  });

  it('logs the answer Node drops, to a pipelined request behind one with Connection: close, as not sent', async () => {
    const { logger, lines } = capturingLogger();
    const server = await listen(createApp({ site: () => site, logger }));
    let received = '';
    try {
      const socket = connect(server.port, '127.0.0.1');
      socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
      await new Promise((resolve) => socket.once('connect', resolve));
      // One write: /a, then /b asking to close, then /c. Node answers /a, closes after /b and drops /b's answer.
      socket.write(
        ['/a', '/b', '/c']
          .map((path) => `GET ${path} HTTP/1.1\r\nHost: x\r\n${path === '/b' ? 'Connection: close\r\n' : ''}\r\n`)
          .join(''),
      );
      await new Promise((resolve) => socket.once('close', resolve));
      await expect.poll(() => lines.length).toBeGreaterThanOrEqual(2);
    } finally {
      await server.close();
    }
    await settle();
    const answered = received.match(/^HTTP\/1\.1 \d+/gm) ?? [];
    const said = lines.map((line) => [(line.req as { path: string }).path, line.msg]);
    // As many lines say "request" as answers reached the client, and the rest say they were not sent.
    expect(said.filter(([, msg]) => msg === 'request')).toHaveLength(answered.length);
    expect(said).toContainEqual(['/a', 'request']);
    expect(said).toContainEqual(['/b', 'response not sent']);
    expect(said.filter(([, msg]) => msg !== 'request' && msg !== 'response not sent')).toEqual([]);
  });

  it('cuts a 10,000-character path to 200 characters in the log', async () => {
    const { logger, lines } = capturingLogger();
    await request(createApp({ site: () => site, logger }))
      .get(`/${'a'.repeat(10_000)}`)
      .expect(414);
    await settle();
    expect((lines[0]!.req as { path: string }).path).toBe(`/${'a'.repeat(199)}…`);
  });

  it('is off when LOG_LEVEL is warn or above, while errors are still logged', async () => {
    const { logger, lines } = capturingLogger('warn');
    const app = createApp({ site: () => siteFailingOn('/boom'), logger });
    await request(app).get('/').expect(200);
    await request(app).get('/boom').expect(500);
    await settle();
    expect(lines).toHaveLength(1);
    expect(lines[0]!.msg).toBe('unexpected error');
  });

  it('rejects an unknown LOG_LEVEL, naming the accepted ones', () => {
    expect(() => createLogger('loud')).toThrow(
      'LOG_LEVEL should be one of fatal, error, warn, info, debug, trace, silent; got "loud"',
    );
  });
});

describe('textLine (the log as plain lines, for a terminal)', () => {
  const at = new Date(2026, 0, 2, 3, 4, 5).getTime(); // local time: the lines show the reader's clock
  it.each([
    [
      'a request',
      {
        level: 30,
        time: at,
        req: { method: 'GET', path: '/full' },
        res: { status: 200 },
        responseTime: 3,
        msg: 'request',
      },
      '03:04:05 GET /full 200 3 ms',
    ],
    [
      'a request the client left',
      {
        level: 30,
        time: at,
        req: { method: 'GET', path: '/a' },
        res: { status: 200 },
        responseTime: 9,
        msg: 'request aborted',
      },
      '03:04:05 GET /a 200 9 ms (request aborted)',
    ],
    [
      'a warning with fields, quoted only when they are not one word',
      { level: 40, time: at, msg: 'build snapshot ignored', file: 'dist/site.snapshot', reason: 'checksum mismatch' },
      '03:04:05 WARN build snapshot ignored file=dist/site.snapshot reason="checksum mismatch"',
    ],
    [
      'an error, its stack under it',
      {
        level: 50,
        time: at,
        msg: 'unexpected error',
        err: { type: 'Error', message: 'x', stack: 'Error: x\n    at f (a.ts:1)' },
      },
      '03:04:05 ERROR unexpected error\n    Error: x\n        at f (a.ts:1)',
    ],
  ])('writes %s', (_, record, expected) => {
    expect(textLine(JSON.stringify(record))).toBe(expected);
  });

  it('gives back a line that is not JSON as it is', () => {
    expect(textLine('not json {')).toBe('not json {');
  });
});

describe('GET /boom (an unexpected error)', () => {
  it('responds 500 with the error page, logs the stack, and sends no stack or path to the client', async () => {
    const { logger, lines } = capturingLogger();
    const response = await request(createApp({ site: () => siteFailingOn('/boom'), logger })).get('/boom');
    await settle();
    expect(response.status).toBe(500);
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.text).not.toMatch(/exploded|secret|at .*\.ts|Error:/);
    const errorLine = lines.find((line) => line.msg === 'unexpected error')!;
    expect((errorLine.err as { stack: string }).stack).toMatch(/lookup exploded[\s\S]*\n\s+at /);
    expect(lines.find((line) => line.msg === 'request failed')).toMatchObject({ level: 50, res: { status: 500 } });
  });

  it('responds with a bare 500, still without the stack, when even the site cannot be read', async () => {
    const errors: unknown[] = [];
    const app = createApp({
      site: () => {
        throw new Error('no site at /srv/secret');
      },
      logError: (error) => errors.push(error),
    });
    const response = await request(app).get('/');
    expect(response.status).toBe(500);
    expect(response.text).not.toMatch(/secret|at /);
    expect(errors.length).toBeGreaterThan(0);
  });
});

describe('GET /healthz', () => {
  it('responds 200 with the content version and no reload, never cached', async () => {
    const response = await request(appFor(site)).get('/healthz').expect(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toEqual({ status: 'ok', version: site.version, lastReload: null });
  });

  it('responds to HEAD with the headers and no body', async () => {
    const response = await request(appFor(site)).head('/healthz').expect(200);
    expect(response.text).toBeUndefined();
    expect(response.headers['content-length']).toBeDefined();
  });

  it('says degraded after a failed reload, with the file name and line but no directory, and ok again after a good one', async () => {
    let next: () => Site = () => {
      throw new ContentError('/srv/deep/content/interview.md', 7, 'an answer before any question');
    };
    const live = new LiveSite(
      () => next(),
      site,
      () => new Date('2026-01-02T03:04:05Z'),
    );
    const app = createApp({ site: () => live.current, health: () => live.health() });

    expect((await live.reload()).kind).toBe('failed');
    const degraded = await request(app).get('/healthz').expect(200);
    expect(degraded.body).toEqual({
      status: 'degraded',
      version: site.version,
      lastReload: {
        ok: false,
        at: '2026-01-02T03:04:05.000Z',
        error: 'interview.md line 7: an answer before any question',
      },
    });
    expect(degraded.text).not.toContain('/srv');

    next = () => other;
    expect(await live.reload()).toEqual({ kind: 'swapped', version: other.version });
    const ok = await request(app).get('/healthz').expect(200);
    expect(ok.body).toEqual({
      status: 'ok',
      version: other.version,
      lastReload: { ok: true, at: '2026-01-02T03:04:05.000Z' },
    });
  });

  it('does not name anything but the content when the build fails for another reason', async () => {
    const live = new LiveSite(() => {
      throw new Error('ENOENT /srv/app/views/home.ejs');
    }, site);
    await live.reload();
    expect(JSON.stringify(live.health())).not.toMatch(/srv|ejs|ENOENT/);
    expect(live.health().status).toBe('degraded');
  });
});

describe('LiveSite', { timeout: 30_000 }, () => {
  it('keeps serving the last good site when a reload fails', async () => {
    let build: () => Site = () => other;
    const live = new LiveSite(() => build(), site);
    await live.reload();
    expect(live.current).toBe(other);
    build = () => {
      throw new ContentError('interview.md', 3, 'broken');
    };
    expect((await live.reload()).kind).toBe('failed');
    expect(live.current).toBe(other);
  });

  it('reports a reload of the same bytes as unchanged and keeps the current object', async () => {
    const live = new LiveSite(() => realSite(), site);
    expect(await live.reload()).toEqual({ kind: 'unchanged', version: site.version });
    expect(live.current).toBe(site);
  });

  it('swaps in a reload that changes only the redirects of the anchor lock, and answers with them', async () => {
    const lock = parseAnchorLock(readFileSync(join(root, 'content/anchors.lock.json'), 'utf8'), 'anchors.lock.json');
    const withOldSlug = { ...lock, sections: { ...lock.sections, 'an-earlier-title': 1 } };
    const relocked = siteFrom(realContent(), undefined, undefined, undefined, withOldSlug);
    const live = new LiveSite(() => relocked, siteFrom(realContent(), undefined, undefined, undefined, lock));
    const app = createApp({ site: () => live.current });
    await request(app).get('/sections/an-earlier-title').expect(404);
    expect(await live.reload()).toEqual({ kind: 'swapped', version: relocked.version });
    const moved = await request(app).get('/sections/an-earlier-title').expect(301);
    expect(moved.headers.location).toBe(`/sections/${parseInterview(realContent()).sections[0]!.slug}`);
  });

  it('serves the current site while a reload builds, and makes the changes made meanwhile one more reload', async () => {
    const builds: { resolve: (site: Site) => void }[] = [];
    const live = new LiveSite(() => new Promise<Site>((resolve) => builds.push({ resolve })), site);
    const first = live.reload();
    const during = [live.reload(), live.reload(), live.reload()];
    expect(builds).toHaveLength(1);
    expect(live.current).toBe(site);
    builds[0]!.resolve(other);
    expect(await first).toEqual({ kind: 'swapped', version: other.version });
    // The three asked for during the first build share one build, started after it, reading the files as they are then.
    await new Promise((resolve) => setImmediate(resolve));
    expect(builds).toHaveLength(2);
    builds[1]!.resolve(site);
    expect(await Promise.all(during)).toEqual(Array(3).fill({ kind: 'swapped', version: site.version }));
    expect(live.current).toBe(site);
    expect(builds).toHaveLength(2);
  });
});

describe('watchContent', () => {
  /** Resolves once `check` holds, polling. */
  const until = async (check: () => boolean) => {
    while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
  };

  it('reports a burst of writes once, and a rename over the file', { timeout: 20_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watch-'));
    const file = join(dir, 'interview.md');
    writeFileSync(file, 'a');
    let changes = 0;
    const stop = watchContent(file, { onChange: () => changes++, onNotice: () => {} });
    for (let n = 0; n < 5; n++) writeFileSync(file, `burst ${n}`);
    await until(() => changes > 0);
    writeFileSync(join(dir, 'new.tmp'), 'saved by an editor');
    renameSync(join(dir, 'new.tmp'), file);
    await until(() => changes > 1);
    stop();
    expect(changes).toBe(2);
  });

  it('goes on finding changes by its check when file events fail, and says why', { timeout: 20_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watch-'));
    const file = join(dir, 'interview.md');
    writeFileSync(file, 'a');
    let changes = 0;
    const notices: unknown[] = [];
    const noInotify = (() => {
      throw Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' });
    }) as unknown as typeof watch;
    const stop = watchContent(file, {
      onChange: () => changes++,
      onNotice: (notice) => notices.push(notice),
      watch: noInotify,
      pollMs: 50,
    });
    writeFileSync(file, 'b');
    await until(() => changes > 0);
    stop();
    expect(notices).toEqual([
      { state: { mode: 'polling', reason: 'file events failed (ENOSPC): changes are found by a check every 0.05 s' } },
    ]);
  });
});

describe('GET /healthz from a server whose watch fell back to polling', () => {
  it('says how the content file is watched', async () => {
    const live = new LiveSite(() => site, site);
    const watchState = {
      mode: 'polling',
      reason: 'file events failed (ENOSPC): changes are found by a check every 0.5 s',
    } as const;
    const response = await request(createApp({ site: () => live.current, health: () => live.health(watchState) }))
      .get('/healthz')
      .expect(200);
    expect(response.body).toEqual({ status: 'ok', version: site.version, lastReload: null, watch: watchState });
  });
});

describe('servedFilesFolder', () => {
  it("keeps an old version's hashed files for KEEP_MS after it stops being current, then removes them", () => {
    let clock = 1_000_000;
    const root = mkdtempSync(join(tmpdir(), 'served-'));
    const files = servedFilesFolder(
      root,
      (error) => {
        throw error;
      },
      () => clock,
    );
    const oldEpub = site.redirects.get('/interview.epub')!;
    expect(other.resources.has(oldEpub)).toBe(false);
    files.publish(site);
    clock += 10 * KEEP_MS;
    files.publish(other, site);
    // A second process (a restart, another worker) has only the folder.
    const fromFolder = servedFilesFolder(
      root,
      () => {},
      () => clock,
    );
    expect(fromFolder.read(oldEpub)?.equals(site.resources.get(oldEpub)!.variants.identity.body)).toBe(true);
    expect(fromFolder.read('/downloads/interview.AAAAAAAAAA.epub')).toBeUndefined();
    expect(fromFolder.read('/../../package.json')).toBeUndefined();
    clock += KEEP_MS - 1;
    files.publish(other);
    expect(fromFolder.read(oldEpub)).toBeDefined();
    clock += 2;
    files.publish(other);
    expect(fromFolder.read(oldEpub)).toBeUndefined();
    expect(files.read(oldEpub)).toBeUndefined();
    expect(files.read(other.redirects.get('/interview.epub')!)).toBeDefined();
  });
});
