// The answers Node would send itself (400, 408, 417, 431, CONNECT), taken over by createHttpServer: over a raw socket, bytes as sent.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityHeaders } from '../src/site/headers.js';
import { listen } from './support/http.js';
import { appFor, realSite } from './support/site.js';

const headers = securityHeaders({ hsts: false });
let server: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  // Short limits, checked often, so the 408 comes soon; the test waits for it, not for a time.
  server = await listen(appFor(realSite()), {
    headersTimeoutMs: 300,
    requestTimeoutMs: 300,
    timeoutCheckMs: 50,
  });
});
afterAll(() => server.close());

/** Writes `bytes` in one go and resolves with everything the server sent before it closed the connection. */
function exchange(bytes: string): Promise<{ status: number; headers: Map<string, string>; body: string; raw: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => socket.write(bytes));
    let raw = '';
    socket.on('data', (chunk: Buffer) => (raw += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = raw.split('\r\n\r\n', 2);
      const [statusLine = '', ...lines] = head.split('\r\n');
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(statusLine)?.[1] ?? 0),
        headers: new Map(
          lines.map((line) => [
            line.slice(0, line.indexOf(':')).toLowerCase(),
            line.slice(line.indexOf(':') + 1).trim(),
          ]),
        ),
        body,
        raw,
      });
    });
  });
}

function expectTakenOver(response: Awaited<ReturnType<typeof exchange>>, status: number, label: string) {
  expect(response.status, `${label}: ${response.raw.slice(0, 200)}`).toBe(status);
  for (const [name, value] of Object.entries(headers))
    expect(response.headers.get(name), `${label}: ${name}`).toBe(value);
  expect(response.headers.get('content-type'), label).toBe('text/plain; charset=utf-8');
  expect(response.headers.get('cache-control'), label).toBe('no-store');
  expect(response.body, label).toMatch(new RegExp(`^${status} [A-Z][\\w ]+: [^\\n]+\\n$`));
  expect(Number(response.headers.get('content-length')), label).toBe(Buffer.byteLength(response.body));
}

describe("Node's own answers, taken over", () => {
  it.each([
    ['a request line that is not HTTP', 'GARBAGE\r\n\r\n'],
    [
      'bad framing: Content-Length and Transfer-Encoding together',
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    ],
    ['a header line without a colon', 'GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n'],
    ['a bare LF inside a header value', 'GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n'],
  ])('400 for %s, with the security headers', async (label, bytes) => {
    expectTakenOver(await exchange(bytes), 400, label);
  });

  it('400 for an HTTP/1.1 request without Host, and the page for HTTP/1.0 without one', async () => {
    const missing = await exchange('GET / HTTP/1.1\r\n\r\n');
    expectTakenOver(missing, 400, 'no Host');
    expect(missing.body).toContain('Host');
    expect(missing.headers.get('connection')).toBe('close');
    const old = await exchange('GET / HTTP/1.0\r\n\r\n');
    expect(old.status).toBe(200);
    expect(old.body).toContain('<!doctype html>');
  });

  it('505 for a request line saying HTTP/2.0 (Node parses it; a 1.x server must not answer it 200), with Connection: close', async () => {
    const response = await exchange('GET / HTTP/2.0\r\nHost: x\r\n\r\n');
    expectTakenOver(response, 505, 'HTTP/2.0');
    expect(response.headers.get('connection')).toBe('close');
    expect(response.body).toBe('505 HTTP Version Not Supported: this server speaks HTTP/1.0 and HTTP/1.1.\n');
    // Versions Node's parser refuses itself are a 400, taken over like any request it cannot parse.
    for (const version of ['HTTP/3.0', 'HTTP/1.2'])
      expectTakenOver(await exchange(`GET / ${version}\r\nHost: x\r\n\r\n`), 400, version);
  });

  it('431 for a 20 KB header', async () => {
    expectTakenOver(
      await exchange(`GET / HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20 * 1024)}\r\n\r\n`),
      431,
      '431',
    );
  });

  it('417 for an expectation other than 100-continue, and 100 Continue for that one', async () => {
    expectTakenOver(
      await exchange('GET / HTTP/1.1\r\nHost: x\r\nExpect: foo\r\nConnection: close\r\n\r\n'),
      417,
      'Expect: foo',
    );
    const continued = await exchange('GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n');
    expect(continued.raw.startsWith('HTTP/1.1 100 Continue\r\n')).toBe(true);
    expect(continued.raw).toContain('HTTP/1.1 200 OK');
  });

  it('405 with Allow for CONNECT, where Node would close the socket without a byte', async () => {
    const response = await exchange('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
    expectTakenOver(response, 405, 'CONNECT');
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('408 for a request whose headers never finish arriving', async () => {
    expectTakenOver(await exchange('GET / HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n'), 408, 'slow headers');
  });

  it('never writes into an answer already under way: garbage pipelined behind a good request closes the connection', async () => {
    // Answers queued behind the first would come after a 400 written now, so (as Node does) none is written.
    const both = await exchange(
      'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGARBAGE\r\n\r\n',
    );
    const statuses = both.raw.match(/^HTTP\/1\.1 \d{3}/gm) ?? [];
    expect(statuses[0]).toBe('HTTP/1.1 200');
    expect(statuses.every((status) => status === 'HTTP/1.1 200')).toBe(true);
    expect((await exchange('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).status).toBe(200);
  });
});
