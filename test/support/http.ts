// Raw HTTP for tests that need a real socket: paths sent byte for byte (no URL normalising), oversized headers; an app on a real port.
import { request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { createHttpServer, type HttpServerOptions } from '../../src/http/node-server.js';
import { securityHeaders } from '../../src/site/headers.js';

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** Sends one request with `path` exactly as given; resolves with the response, rejects on a socket error. */
export function rawRequest(
  port: number,
  options: {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    agent?: import('node:http').Agent | false;
    /** Gives up (closing the connection, rejecting) when no response has come after this many milliseconds. */
    timeoutMs?: number;
  },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
        agent: options.agent ?? false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.timeoutMs !== undefined)
      req.setTimeout(options.timeoutMs, () => req.destroy(new Error(`no response after ${options.timeoutMs} ms`)));
    req.end();
  });
}

/** Serves `app` as the server does (createHttpServer) on a free loopback port; resolves with the port and a close function. */
export async function listen(
  app: Express,
  options: Partial<HttpServerOptions> = {},
): Promise<{ port: number; close: () => Promise<void> }> {
  const headers = securityHeaders({ hsts: false });
  const server: Server = createHttpServer(app, { securityHeaders: () => headers, ...options });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
