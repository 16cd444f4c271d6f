// The floors the app is measured against: a bare node:http server and a minimal Express 5 route, sending canned responses from
// memory; and that route with an access log: the app's own (src/http/log.ts) or a plain pino middleware, for what the app's buys.
// Usage: node --import tsx scripts/bench/floor.ts <bare|express|express-log|express-pino-log> <port> <responses.json>
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import express from 'express';
import { accessLog, createLogger, loggedPath } from '../../src/http/log.js';

/** A response captured from the app: status, headers (without Date and connection headers) and body. */
export interface CannedResponse {
  readonly path: string;
  readonly status: number;
  readonly headers: Record<string, string>;
  /** Base64 of the bytes on the wire (already compressed when the app compressed them). */
  readonly body: string;
}

const [kind, portText, file] = process.argv.slice(2);
const KINDS = ['bare', 'express', 'express-log', 'express-pino-log'];
if (!KINDS.includes(kind ?? '') || !portText || !file) {
  console.error(`usage: floor.ts <${KINDS.join('|')}> <port> <responses.json>`);
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
  const logger = createLogger('info');
  if (kind === 'express-pino-log') {
    // The plain way: a middleware that logs the same fields through pino when the response has finished.
    app.use((req, res, next) => {
      const started = Date.now();
      res.once('finish', () =>
        logger.info(
          {
            req: { method: req.method, path: loggedPath(req.url) },
            res: { status: res.statusCode },
            responseTime: Date.now() - started,
          },
          'request',
        ),
      );
      next();
    });
  }
  const routes = express.Router();
  for (const response of responses) {
    routes.get(response.path, (_req, res) => {
      res.writeHead(response.status, response.headers);
      res.end(response.bytes);
    });
  }
  if (kind === 'express') {
    for (const response of responses) {
      app.get(response.path, (_req, res) => {
        res.writeHead(response.status, response.headers);
        res.end(response.bytes);
      });
    }
  } else {
    // The app's access log wraps its first handler (src/http/app.ts does the same); the plain one is a layer of its own.
    app.use(kind === 'express-log' ? accessLog(logger)(routes) : routes);
  }
  server = createServer(app);
}
server.listen(Number(portText), '127.0.0.1', () => console.log(`${kind} floor on ${portText}`));
process.once('SIGTERM', () => process.exit(0));
