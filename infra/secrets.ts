/**
 * HCP connection secrets, set per stage with `npx sst secret set <Name> <value> --stage <stage>`.
 * The names are the ones packages/core/src/config.ts reads through `Resource`. Either form:
 *   HcpTenants   JSON {"<tenant>": {"endpoint", "accessKeyId", "secretAccessKey"}, …} (several tenants)
 *   HcpEndpoint, HcpAccessKeyId, HcpSecretAccessKey (one tenant, named "default")
 * Each has an empty placeholder so a stage sets only the form it uses; the deploy then checks that
 * exactly one form is complete and valid (tenantSecretProblems in stage-settings.ts).
 */
export const hcpTenants = new sst.Secret("HcpTenants", "");
export const hcpEndpoint = new sst.Secret("HcpEndpoint", "");
export const hcpAccessKeyId = new sst.Secret("HcpAccessKeyId", "");
export const hcpSecretAccessKey = new sst.Secret("HcpSecretAccessKey", "");

/** Linked to every function that talks to HCP. */
export const hcpSecrets = [hcpTenants, hcpEndpoint, hcpAccessKeyId, hcpSecretAccessKey];
