import { BUCKET_NAME_RULE_SETS, type BucketNameRules } from "../bucket-name-rules";
import { budgetFitProblem } from "./deadlines";
import { SettingsReader, type DeployChecks, type Env, type Parsed } from "./env";
import { readS3Budget } from "./s3";

/** HCP's rules unless the stage fronts another S3-compatible store (bucket-name-rules.ts). */
export const DEFAULT_BUCKET_NAME_RULES: BucketNameRules = "hcp";

/** Which bucket naming rules the API enforces (BUCKET_NAME_RULES). */
export function parseBucketNameRules(env: Env): Parsed<BucketNameRules> {
  const read = new SettingsReader(env);
  return read.result(read.oneOf("BUCKET_NAME_RULES", BUCKET_NAME_RULE_SETS, DEFAULT_BUCKET_NAME_RULES));
}

export interface AclSettings {
  /** Grants to everyone (AllUsers, AuthenticatedUsers) are allowed (ALLOW_PUBLIC_ACL). */
  allowPublicAcl: boolean;
}

export const DEFAULT_ACL_SETTINGS: Readonly<AclSettings> = { allowPublicAcl: false };

/** Bucket ACL safety: grants to everyone only where the stage allows them. */
export function parseAclSettings(env: Env): Parsed<AclSettings> {
  const read = new SettingsReader(env);
  return read.result({ allowPublicAcl: read.boolean("ALLOW_PUBLIC_ACL", DEFAULT_ACL_SETTINGS.allowPublicAcl) });
}

export interface ForceDeleteSettings {
  /** How long one force-delete call may empty a bucket before it answers 202. */
  budgetMs: number;
}

/**
 * FORCE_DELETE_BUDGET_MS, by default the S3 budget (S3_BUDGET_MS); the Lambda's remaining time
 * bounds it too. With deploy checks a value set here must also fit the function timeout (an unset
 * one is the S3 budget, checked by parseS3Settings).
 */
export function parseForceDeleteSettings(env: Env, deploy?: DeployChecks): Parsed<ForceDeleteSettings> {
  const read = new SettingsReader(env);
  if (read.text("FORCE_DELETE_BUDGET_MS") === undefined) return read.result({ budgetMs: readS3Budget(read) });
  const budgetMs = read.integer("FORCE_DELETE_BUDGET_MS", 0, { positive: true });
  const unfit = deploy && read.problems.length === 0 ? budgetFitProblem("FORCE_DELETE_BUDGET_MS", budgetMs) : undefined;
  if (unfit) read.problems.push(unfit);
  return read.result({ budgetMs });
}
