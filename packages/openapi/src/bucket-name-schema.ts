/**
 * JSON Schema facts about bucket names. The zod schema checks names with `bucketNameProblem`
 * (a refinement JSON Schema cannot see), so the same rules are restated here as an ECMA-262
 * pattern plus lengths; test/openapi/bucket-name-pattern.test.ts proves both agree.
 */
export const BUCKET_NAME_MIN_LENGTH = 3;
export const BUCKET_NAME_MAX_LENGTH = 63;

export const BUCKET_NAME_PATTERN =
  "^(?!xn--)(?!sthree-)(?!.*\\.\\.)(?!.*-s3alias$)(?!.*--ol-s3$)(?!\\d{1,3}(?:\\.\\d{1,3}){3}$)[a-z0-9][a-z0-9.-]*[a-z0-9]$";

export const BUCKET_NAME_RULES =
  "S3 bucket naming rules: 3 to 63 characters; lowercase letters, digits, '.' and '-' only; " +
  "begins and ends with a letter or digit; no two adjacent periods; not formatted as an IPv4 address; " +
  "must not start with 'xn--' or 'sthree-' and must not end with '-s3alias' or '--ol-s3'.";

/** Registry metadata merged into the generated `BucketName` component. */
export const bucketNameMetadata = {
  description: BUCKET_NAME_RULES,
  minLength: BUCKET_NAME_MIN_LENGTH,
  maxLength: BUCKET_NAME_MAX_LENGTH,
  pattern: BUCKET_NAME_PATTERN,
  examples: ["my-bucket"],
};
