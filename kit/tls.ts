import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

export interface LoopbackCert {
  key: Buffer;
  cert: Buffer;
  /** PEM file for NODE_EXTRA_CA_CERTS, so a child trusts the loopback server. */
  certFile: string;
  remove(): Promise<void>;
}

/**
 * A throwaway self-signed certificate for 127.0.0.1, or undefined when `openssl` is missing.
 * It lets the benchmark's token issuer serve its JWKS over HTTPS, so the functions fetch it with
 * aws-jwt-verify's own HTTPS fetcher, as they do from a real identity provider.
 */
export async function loopbackCert(): Promise<LoopbackCert | undefined> {
  const dir = await mkdtemp(join(tmpdir(), "rahcp-bench-tls-"));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    await promisify(execFile)("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "1",
      "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
    ]);
    return { key: await readFile(join(dir, "key.pem")), cert: await readFile(join(dir, "cert.pem")), certFile: join(dir, "cert.pem"), remove };
  } catch {
    await remove();
    return undefined;
  }
}
