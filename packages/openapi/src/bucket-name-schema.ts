import type { BucketNameRules } from "@rahcp/core/bucket-name-rules";

/**
 * JSON Schema facts about bucket names. The zod schema checks names with `bucketNameProblem`
 * (a refinement JSON Schema cannot see), so the same rules are restated here as ECMA-262 patterns
 * plus lengths; test/openapi/bucket-name-pattern.test.ts proves each agrees with its rule set.
 * The document describes the default rules (HCP's); BUCKET_NAME_RULES=s3 deployments take S3's.
 */
export const BUCKET_NAME_MIN_LENGTH = 3;
export const BUCKET_NAME_MAX_LENGTH = 63;

export const BUCKET_NAME_PATTERNS: Record<BucketNameRules, string> = {
  hcp: "^(?!xn--)[a-z0-9][a-z0-9-]*[a-z0-9]$",
  s3: "^(?!xn--)(?!sthree-)(?!.*\\.\\.)(?!.*-s3alias$)(?!.*--ol-s3$)(?!\\d{1,3}(?:\\.\\d{1,3}){3}$)[a-z0-9][a-z0-9.-]*[a-z0-9]$",
};

const RULE_TEXT: Record<BucketNameRules, string> = {
  hcp:
    "HCP bucket naming rules: 3 to 63 characters; lowercase letters, digits and '-' only (no '.'); " +
    "begins and ends with a letter or digit; must not start with 'xn--'.",
  s3:
    "S3 bucket naming rules: 3 to 63 characters; lowercase letters, digits, '.' and '-' only; " +
    "begins and ends with a letter or digit; no two adjacent periods; not formatted as an IPv4 address; " +
    "must not start with 'xn--' or 'sthree-' and must not end with '-s3alias' or '--ol-s3'.",
};

/** What the document says about names: the default rules, and the alternative a deployment may choose. */
export const BUCKET_NAME_RULES = `${RULE_TEXT.hcp} A deployment in front of another S3-compatible store may take S3's rules instead (BUCKET_NAME_RULES=s3): ${RULE_TEXT.s3.replace(/^S3 bucket naming rules: /, "")}`;

/** Registry metadata merged into the generated `BucketName` component. */
export const bucketNameMetadata = {
  description: BUCKET_NAME_RULES,
  minLength: BUCKET_NAME_MIN_LENGTH,
  maxLength: BUCKET_NAME_MAX_LENGTH,
  pattern: BUCKET_NAME_PATTERNS.hcp,
  examples: ["my-bucket"],
};
