/**
 * HCP connection secrets, set per stage with `npx sst secret set <Name> <value> --stage <stage>`.
 * The names are the ones packages/core/src/config.ts reads through `Resource`.
 */
export const hcpEndpoint = new sst.Secret("HcpEndpoint");
export const hcpAccessKeyId = new sst.Secret("HcpAccessKeyId");
export const hcpSecretAccessKey = new sst.Secret("HcpSecretAccessKey");

/** Linked to every function that talks to HCP. */
export const hcpSecrets = [hcpEndpoint, hcpAccessKeyId, hcpSecretAccessKey];
