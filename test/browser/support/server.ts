// A real reader process for the browser tests: the one server helper (test/support/server.ts), with the origins a browser needs.
import { startServer } from '../../support/server.js';

/** A running server: its origin (`http://127.0.0.1:<port>`) and how to stop it. */
export interface RunningServer {
  readonly origin: string;
  /** The origin its pages name (no SITE_URL: `http://localhost:<port>`), where `origin` is the address the tests dial. */
  readonly publicOrigin: string;
  stop(): Promise<void>;
}

/** Starts the server as `npm start` does, with PORT=0 on 127.0.0.1 and extra `env`; resolves once it serves. */
export async function startReader(env: Record<string, string> = {}): Promise<RunningServer> {
  const server = await startServer(env);
  const named = /its pages name their address as (\S+)/.exec(server.output().stdout)?.[1];
  return {
    origin: server.origin,
    publicOrigin: named ?? `http://localhost:${server.port}`,
    stop: async () => {
      await server.stop();
    },
  };
}
