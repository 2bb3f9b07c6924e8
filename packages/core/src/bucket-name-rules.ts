/**
 * Bucket naming rules, checked before any backend call so a bad name costs no round trip and gets
 * a precise reason. HCP's are the default; S3-compatible backends (Ceph RGW, MinIO, AWS) that take
 * S3's general-purpose rules can be given those instead (BUCKET_NAME_RULES=s3, config.ts).
 */
export type BucketNameRules = "hcp" | "s3";

export const BUCKET_NAME_RULE_SETS: readonly BucketNameRules[] = ["hcp", "s3"];

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const EDGE = /^[a-z0-9]$/;

const LENGTH = "must be between 3 and 63 characters long";
const EDGES = "must begin and end with a lowercase letter or digit";
const XN = "must not start with the reserved prefix 'xn--'";

/**
 * HCP's S3 API (a bucket is an HCP namespace): 3–63 lowercase letters, digits and hyphens, no
 * hyphen at either end, not `xn--…`; no dots, which S3 itself would allow and HCP refuses.
 */
function hcpProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return LENGTH;
  if (!/^[a-z0-9-]+$/.test(name)) {
    return name.includes(".") && /^[a-z0-9.-]+$/.test(name)
      ? "may contain only lowercase letters, digits and '-' (HCP bucket names have no '.')"
      : "may contain only lowercase letters, digits and '-'";
  }
  if (!EDGE.test(name[0]!) || !EDGE.test(name[name.length - 1]!)) return EDGES;
  if (name.startsWith("xn--")) return XN;
  return undefined;
}

/** S3's rules for general purpose buckets. */
function s3Problem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return LENGTH;
  if (!/^[a-z0-9.-]+$/.test(name)) return "may contain only lowercase letters, digits, '.' and '-'";
  if (!EDGE.test(name[0]!) || !EDGE.test(name[name.length - 1]!)) return EDGES;
  if (name.includes("..")) return "must not contain two adjacent periods";
  if (IPV4.test(name)) return "must not be formatted as an IP address";
  if (name.startsWith("xn--")) return XN;
  if (name.startsWith("sthree-")) return "must not start with the reserved prefix 'sthree-'";
  if (name.endsWith("-s3alias")) return "must not end with the reserved suffix '-s3alias'";
  if (name.endsWith("--ol-s3")) return "must not end with the reserved suffix '--ol-s3'";
  return undefined;
}

/** Returns why `name` is not a valid bucket name under `rules`, or undefined when it is. */
export function bucketNameProblem(name: string, rules: BucketNameRules = "hcp"): string | undefined {
  return rules === "s3" ? s3Problem(name) : hcpProblem(name);
}
