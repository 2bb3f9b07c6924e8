import { SettingsReader, type Env, type Parsed } from "./env";

/**
 * The access policy file a function (or the local server) reads: RAHCP_POLICY, which the deploy
 * sets to the JSON it packages from RAHCP_POLICY_FILE. Unset: no policy, the token's scopes alone
 * decide. What the file says is checked when it is read (access/policy.ts), not here.
 */
export const POLICY_VARIABLE = "RAHCP_POLICY";

export function parsePolicySettings(env: Env): Parsed<{ file: string | undefined }> {
  const read = new SettingsReader(env);
  return read.result({ file: read.text(POLICY_VARIABLE) });
}
