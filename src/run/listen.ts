// The HTTP server: bound to its port, and handed the app once the Site is complete; a request that comes first waits for it.
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpServer } from '../http/node-server.js';

/**
 * An HTTP server that answers with `serve`'s handler. Until `serve` is called, requests are held, not refused: the
 * server binds before it builds only when its port is the origin's and PORT=0 leaves the port to the system.
 */
export function heldServer(): {
  server: Server;
  /** Hands over the app, and the security headers for the answers Node would send itself (none until then). */
  serve: (handler: RequestListener, securityHeaders: () => Readonly<Record<string, string>>) => void;
} {
  let handler: RequestListener | undefined;
  let headers: () => Readonly<Record<string, string>> = () => ({});
  const waiting: [IncomingMessage, ServerResponse][] = [];
  const server = createHttpServer((req, res) => (handler ? handler(req, res) : waiting.push([req, res])), {
    securityHeaders: () => headers(),
  });
  return {
    server,
    serve: (next, securityHeaders) => {
      handler = next;
      headers = securityHeaders;
      for (const [req, res] of waiting.splice(0)) next(req, res);
    },
  };
}

/** Listens on `port` (0: any free one) and `host`; resolves with the port bound, rejects with the listen error. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
