import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { DEFAULT_SCOPES } from "@rahcp/core";
import { createJwtSigner } from "@rahcp/local/jwt-signer";
import type { LoopbackCert } from "../../kit/tls";

export const BENCH_AUDIENCE = "rahcp-bench";

export interface BenchIssuer {
  issuer: string;
  /** "https" when openssl could make a certificate (the production fetch path), else "http". */
  scheme: "https" | "http";
  /** JWKS downloads served so far. */
  jwksFetches(): number;
  token(scopes?: readonly string[], subject?: string, claims?: Record<string, unknown>): Promise<string>;
  /** Environment of a function container that trusts this issuer. */
  env(): Record<string, string>;
  close(): Promise<void>;
}

/**
 * An RS256 issuer on loopback whose JWKS the functions download like a real IdP's (and counts the
 * downloads): over HTTPS with `cert`, else plain HTTP.
 */
export async function startIssuer(cert: LoopbackCert | undefined): Promise<BenchIssuer> {
  const signer = await createJwtSigner({ kid: "bench-key" });
  const jwks = JSON.stringify(signer.jwks);
  let fetches = 0;
  const answer = (req: IncomingMessage, res: ServerResponse) => {
    if (req.url === "/.well-known/jwks.json") {
      fetches++;
      res.writeHead(200, { "content-type": "application/json" }).end(jwks);
    } else {
      res.writeHead(404).end();
    }
  };
  const server: Server = cert ? createHttpsServer({ key: cert.key, cert: cert.cert }, answer) : createHttpServer(answer);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const scheme = cert ? "https" : "http";
  const issuer = `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    scheme,
    jwksFetches: () => fetches,
    token: (scopes = Object.values(DEFAULT_SCOPES), subject = "bench-user", claims = {}) => {
      const now = Math.floor(Date.now() / 1000);
      return signer.sign({ ...claims, scope: scopes.join(" "), iss: issuer, aud: BENCH_AUDIENCE, sub: subject, iat: now, exp: now + 2 * 3600 });
    },
    env: () => ({
      AUTH_MODE: "oidc",
      AUTH_ISSUER: issuer,
      AUTH_AUDIENCE: BENCH_AUDIENCE,
      AUTH_JWKS_URI: `${issuer}/.well-known/jwks.json`,
      ...(cert ? { NODE_EXTRA_CA_CERTS: cert.certFile } : {}),
    }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
