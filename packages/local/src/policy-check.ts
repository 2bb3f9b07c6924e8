/**
 * `npm run policy:check FILE…`: validates access policy files (YAML or JSON) offline, with the
 * very parser the API uses, and prints every problem with the rule it is in. Exit 0 when all are
 * valid, 1 when any is not, 2 for a usage error.
 */
import { PolicyError, type AccessPolicy } from "@rahcp/core";
import { readPolicyDocument } from "@rahcp/core/access/policy-file";

const USAGE = "Usage: npm run policy:check -- FILE [FILE…]   (YAML or JSON access policy)";

function summary(policy: AccessPolicy): string {
  const count = (kind: string) => policy.rules.filter((r) => r.who.kind === kind).length;
  return `${policy.rules.length} rules (${count("group")} by group, ${count("sub")} by subject, ${count("client")} by client)`;
}

export function checkPolicies(files: readonly string[], out: (line: string) => void, err: (line: string) => void): number {
  if (files.length === 0 || files.some((f) => f === "-h" || f === "--help")) {
    (files.length === 0 ? err : out)(USAGE);
    return files.length === 0 ? 2 : 0;
  }
  let failed = false;
  for (const file of files) {
    try {
      out(`${file}: valid, ${summary(readPolicyDocument(file))}`);
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      failed = true;
      err(`${file}: invalid (${error.problems.length} problem${error.problems.length === 1 ? "" : "s"})`);
      for (const problem of error.problems) err(`  ${problem}`);
    }
  }
  return failed ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = checkPolicies(
    process.argv.slice(2),
    (line) => process.stdout.write(`${line}\n`),
    (line) => process.stderr.write(`${line}\n`),
  );
}
