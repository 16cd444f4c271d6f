// The static export served by Debian's nginx with its generated nginx.conf, compared URL by URL with the Node server: status, headers and bytes.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from '../support/server.js';
import { root } from '../support/site.js';

const origin = 'https://reader.example';
const nginxBinary = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((path) => existsSync(path)) ?? 'nginx';
/** Headers that say how the bytes travel, not what they are: each server has its own. */
const TRANSPORT = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'etag', 'vary']);
/** nginx's own, absent from Node's answers: a validator and byte ranges for files, and its name (without a version). */
const NGINX_ONLY = new Set(['server', 'last-modified', 'accept-ranges']);

let dir: string;
let node: ServerProcess;
let nginx: ChildProcess;
let nginxPort: number;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => (socket.destroy(), resolve(true)));
    socket.on('error', () => resolve(false));
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nginx-'));
  // nginx's workers run as an unprivileged user: they must be able to read the export.
  chmodSync(dir, 0o755);
  const exported = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/export.ts', '--out', join(dir, 'site')], {
    cwd: root,
    env: { ...process.env, SITE_URL: origin },
    encoding: 'utf8',
  });
  expect(exported.status, exported.stderr).toBe(0);
  nginxPort = await freePort();
  const temp = (name: string) => `${name}_temp_path ${join(dir, name)};`;
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      'daemon off;',
      `pid ${join(dir, 'nginx.pid')};`,
      'error_log stderr warn;',
      'events {}',
      'http {',
      '  access_log off;',
      `  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join(' ')}`,
      `  server { listen 127.0.0.1:${nginxPort}; root ${join(dir, 'site')}; include ${join(dir, 'site/nginx.conf')}; }`,
      '}',
    ].join('\n'),
  );
  nginx = spawn(nginxBinary, ['-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  nginx.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  node = await startServer({ SITE_URL: origin, LOG_LEVEL: 'warn' });
  while (!(await accepts(nginxPort))) {
    if (nginx.exitCode !== null) throw new Error(`nginx exited: ${errors}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}, 120_000);

afterAll(async () => {
  nginx?.kill('SIGTERM');
  node?.child.kill('SIGTERM');
  await node?.exited;
});

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

async function ask(port: number, path: string, method = 'GET'): Promise<Answer> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    redirect: 'manual',
    headers: { 'accept-encoding': 'identity' },
  });
  return {
    status: response.status,
    headers: Object.fromEntries([...response.headers].filter(([name]) => !TRANSPORT.has(name))),
    body: Buffer.from(await response.arrayBuffer()),
  };
}

/** Node's answer and nginx's for `path`, the headers of each without the other's transport and nginx's own. */
async function both(path: string, method = 'GET') {
  const [fromNode, fromNginx] = await Promise.all([ask(node.port, path, method), ask(nginxPort, path, method)]);
  const headers = (answer: Answer) =>
    Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !NGINX_ONLY.has(name)));
  return { fromNode, fromNginx, nodeHeaders: headers(fromNode), nginxHeaders: headers(fromNginx) };
}

describe('nginx serving the export, against the Node server', () => {
  it('answers every sitemap URL, their assets and images, the EPUB and a 404 with the same status, headers and bytes', async () => {
    const sitemap = (await ask(node.port, '/sitemap.xml')).body.toString();
    const pages = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]!.slice(origin.length));
    expect(pages.length).toBeGreaterThan(10);
    const home = (await ask(node.port, '/')).body.toString();
    const files = [
      ...home.matchAll(/(?:href|src|content)="(?:https:\/\/reader\.example)?(\/(?:assets|images)\/[^"]+)"/g),
    ].map((match) => match[1]!);
    const epub = (await ask(node.port, '/interview.epub')).headers.location!;
    expect(files.some((path) => path.startsWith('/images/'))).toBe(true);
    const paths = [...new Set([...pages, ...files, epub, '/sitemap.xml', '/robots.txt', '/no-such-page'])];
    for (const path of paths) {
      const { fromNode, fromNginx, nodeHeaders, nginxHeaders } = await both(path);
      expect(fromNginx.status, path).toBe(fromNode.status);
      expect(nginxHeaders, path).toEqual(nodeHeaders);
      expect(fromNginx.body.equals(fromNode.body), `${path}: body`).toBe(true);
      expect(fromNginx.headers.server ?? 'nginx', path).toBe('nginx');
    }
  });

  it('redirects as the Node server does: the same status, Location and caching', async () => {
    for (const path of ['/sections/1', '/interview.epub']) {
      const { fromNode, fromNginx } = await both(path);
      expect(fromNginx.status, path).toBe(301);
      for (const name of ['location', 'cache-control', 'x-content-type-options', 'content-security-policy'])
        expect(fromNginx.headers[name], `${path} ${name}`).toBe(fromNode.headers[name]);
    }
  });

  it('says noindex on /search, answers other methods 405 with Allow, and serves none of its own files', async () => {
    const search = await both('/search');
    for (const name of ['x-robots-tag', 'cache-control', 'content-type'])
      expect(search.fromNginx.headers[name], name).toBe(search.fromNode.headers[name]);
    const post = await both('/', 'POST');
    expect(post.fromNginx.status).toBe(405);
    expect(post.nginxHeaders).toEqual(post.nodeHeaders);
    expect(post.fromNginx.body.toString()).toBe(post.fromNode.body.toString());
    for (const path of [
      '/nginx.conf',
      '/_headers',
      '/_redirects',
      '/full.html',
      '/index.html.gz',
      '/.export-manifest.json',
    ]) {
      const { fromNode, fromNginx } = await both(path);
      expect(fromNode.status, path).toBe(404);
      expect(fromNginx.status, path).toBe(404);
      expect(fromNginx.body.equals(fromNode.body), `${path}: body`).toBe(true);
    }
    expect(readFileSync(join(dir, 'site/nginx.conf'), 'utf8')).toContain('server_tokens off;');
  });
});
