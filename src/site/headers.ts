// Security headers, computed once with helmet and then sent as plain values with every response.
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

export interface HeaderOptions {
  /** Send Strict-Transport-Security: only when the site is served over TLS (env `HSTS=1`). Default false. */
  readonly hsts: boolean;
}

/**
 * The headers helmet would set, as a name → value record (lower-case names).
 * helmet's policy is static, so running its middleware once against a recording response
 * gives the same headers as running it on every request, without the per-request cost.
 */
export function securityHeaders(options: HeaderOptions): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  const middleware = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(options.hsts ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: options.hsts ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    xFrameOptions: { action: 'deny' },
  });
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw new Error('helmet could not compute the security headers', { cause: error });
  });
  return headers;
}
