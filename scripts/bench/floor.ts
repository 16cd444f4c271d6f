// The floors the app is measured against: a bare node:http server and a minimal Express 5 route, sending canned responses from memory.
// Usage: node --import tsx scripts/bench/floor.ts <bare|express> <port> <responses.json>
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import express from 'express';

/** A response captured from the app: status, headers (without Date and connection headers) and body. */
export interface CannedResponse {
  readonly path: string;
  readonly status: number;
  readonly headers: Record<string, string>;
  /** Base64 of the bytes on the wire (already compressed when the app compressed them). */
  readonly body: string;
}

const [kind, portText, file] = process.argv.slice(2);
if ((kind !== 'bare' && kind !== 'express') || !portText || !file) {
  console.error('usage: floor.ts <bare|express> <port> <responses.json>');
  process.exit(2);
}
const responses = (JSON.parse(readFileSync(file, 'utf8')) as CannedResponse[]).map((response) => ({
  ...response,
  bytes: Buffer.from(response.body, 'base64'),
}));
const byPath = new Map(responses.map((response) => [response.path, response]));

const notFound = (res: ServerResponse) => {
  res.statusCode = 404;
  res.end();
};

let server;
if (kind === 'bare') {
  server = createServer((req, res) => {
    const response = byPath.get(req.url ?? '');
    if (!response) return notFound(res);
    res.writeHead(response.status, response.headers);
    res.end(response.bytes);
  });
} else {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  for (const response of responses) {
    app.get(response.path, (_req, res) => {
      res.writeHead(response.status, response.headers);
      res.end(response.bytes);
    });
  }
  server = createServer(app);
}
server.listen(Number(portText), '127.0.0.1', () => console.log(`${kind} floor on ${portText}`));
process.once('SIGTERM', () => process.exit(0));
