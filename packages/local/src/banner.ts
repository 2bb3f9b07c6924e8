import type { AuthSettings } from "@rahcp/core";

/** What the start-up banner of `npm start` and `npm run dev` says about a running server. */
export interface BannerFacts {
  url: string;
  backend: string;
  auth: AuthSettings;
  /** The local token issuer is on (no AUTH_ISSUER / Cognito settings). */
  devIssuer: boolean;
  /** The access policy in force (RAHCP_POLICY), if any. */
  policy?: { source: string; rules: number } | undefined;
}

export function banner({ url, backend, auth, devIssuer, policy }: BannerFacts): string {
  const tokens = devIssuer
    ? "token: TOKEN=$(npm run -s token)"
    : `tokens: from ${auth.kind === "oidc" ? auth.issuer : "Cognito"} (AUTH_* settings)`;
  return [
    `rahcp local API on ${url}  (backend: ${backend})${policy ? `  (access policy: ${policy.source}, ${policy.rules} rules)` : ""}`,
    `${tokens}  then  curl -H "Authorization: Bearer $TOKEN" ${url}/api/v1/buckets   (Ctrl-C stops)`,
  ].join("\n");
}
