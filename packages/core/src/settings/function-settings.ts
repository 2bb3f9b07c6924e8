import type { BucketNameRules } from "../bucket-name-rules";
import { parseAuthSettings, parseDocsSettings, type AuthSettings } from "./auth";
import { parseAclSettings, parseBucketNameRules, parseForceDeleteSettings, type AclSettings, type ForceDeleteSettings } from "./buckets";
import { SettingsReader, type DeployChecks, type Env, type Parsed } from "./env";
import { parsePolicySettings } from "./policy";
import { parseS3Settings, type S3Tuning } from "./s3";

/** Everything an API function reads from its environment (its secrets aside: config.ts). */
export interface FunctionSettings {
  auth: AuthSettings;
  docs: { tokenUrl: string | undefined };
  s3: S3Tuning;
  bucketNameRules: BucketNameRules;
  acl: AclSettings;
  forceDelete: ForceDeleteSettings;
  policy: { file: string | undefined };
}

/**
 * Every function setting at once, with every problem: what the deploy checks before anything is
 * created. The functions read each part on its own instead (config.ts), so that a bad ACL setting
 * fails the ACL route and no other, as it always has.
 */
export function parseFunctionSettings(env: Env, deploy?: DeployChecks): Parsed<FunctionSettings> {
  const read = new SettingsReader(env);
  const part = <T>(parsed: Parsed<T>): T | undefined => {
    if (parsed.ok) return parsed.value;
    read.include(parsed.problems);
    return undefined;
  };
  const docs = part(parseDocsSettings(env, deploy));
  const auth = part(parseAuthSettings(env, deploy));
  const acl = part(parseAclSettings(env));
  const bucketNameRules = part(parseBucketNameRules(env));
  const s3 = part(parseS3Settings(env, deploy));
  const forceDelete = part(parseForceDeleteSettings(env, deploy));
  const policy = part(parsePolicySettings(env));
  if (!docs || !auth || !acl || !bucketNameRules || !s3 || !forceDelete || !policy) return { ok: false, problems: read.problems };
  return read.result({ auth, docs, s3, bucketNameRules, acl, forceDelete, policy });
}
