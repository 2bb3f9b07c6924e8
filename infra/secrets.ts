/**
 * HCP connection secrets, set per stage with `npx sst secret set <Name> <value> --stage <stage>`.
 * The names are core's TENANT_SECRETS, which the functions read through `Resource`. Either form:
 *   HcpTenants   JSON {"<tenant>": {"endpoint", "accessKeyId", "secretAccessKey"}, …} (several tenants)
 *   HcpEndpoint, HcpAccessKeyId, HcpSecretAccessKey (one tenant, named "default")
 * Each has an empty placeholder so a stage sets only the form it uses; the deploy then checks that
 * exactly one form is complete and valid (tenantSecretProblems in stage-settings.ts).
 */
import { TENANT_SECRETS } from "@rahcp/core/tenants/tenant-settings";

export const hcpTenants = new sst.Secret(TENANT_SECRETS.tenantsJson.secret, "");
export const hcpEndpoint = new sst.Secret(TENANT_SECRETS.endpoint.secret, "");
export const hcpAccessKeyId = new sst.Secret(TENANT_SECRETS.accessKeyId.secret, "");
export const hcpSecretAccessKey = new sst.Secret(TENANT_SECRETS.secretAccessKey.secret, "");

/** Linked to every function that talks to HCP. */
export const hcpSecrets = [hcpTenants, hcpEndpoint, hcpAccessKeyId, hcpSecretAccessKey];
