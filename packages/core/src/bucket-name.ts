/**
 * S3 bucket naming rules (general purpose buckets), checked before any backend call
 * so a bad name costs no round trip and gets a precise reason.
 */
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const ALLOWED = /^[a-z0-9.-]+$/;
const EDGE = /^[a-z0-9]$/;

/** Returns why `name` is not a valid bucket name, or undefined when it is. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return "must be between 3 and 63 characters long";
  if (!ALLOWED.test(name)) return "may contain only lowercase letters, digits, '.' and '-'";
  if (!EDGE.test(name[0]!) || !EDGE.test(name[name.length - 1]!)) {
    return "must begin and end with a lowercase letter or digit";
  }
  if (name.includes("..")) return "must not contain two adjacent periods";
  if (IPV4.test(name)) return "must not be formatted as an IP address";
  if (name.startsWith("xn--")) return "must not start with the reserved prefix 'xn--'";
  if (name.startsWith("sthree-")) return "must not start with the reserved prefix 'sthree-'";
  if (name.endsWith("-s3alias")) return "must not end with the reserved suffix '-s3alias'";
  if (name.endsWith("--ol-s3")) return "must not end with the reserved suffix '--ol-s3'";
  return undefined;
}
