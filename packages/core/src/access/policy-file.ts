import { parse as parseYaml, YAMLParseError } from "yaml";
import { PolicyError, type AccessPolicy } from "./policy";
import { parseJsonPolicyText, readPolicyFile, type PolicyTextParser } from "./policy-source";

/**
 * Policy files as people write them, YAML or JSON: for the local server, `npm run policy:check`
 * and the deploy. Deployed functions never import this module (the `yaml` parser stays out of their
 * bundles); they read the JSON the deploy writes.
 */
export const parsePolicyText: PolicyTextParser = (text, file) => {
  if (!/\.ya?ml$/i.test(file)) return parseJsonPolicyText(text, file);
  try {
    return parseYaml(text, { uniqueKeys: true }) as unknown;
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const at = error.linePos?.[0];
      const reason = error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
      throw new PolicyError(file, [`not valid YAML${at ? ` (line ${at.line}, column ${at.col})` : ""}: ${reason}`]);
    }
    throw error;
  }
};

export function readPolicyDocument(file: string): AccessPolicy {
  return readPolicyFile(file, parsePolicyText);
}

/** The policy's rules as plain JSON (what the deploy ships to the functions). */
export function policyJson(policy: AccessPolicy): string {
  const rules = policy.rules.map((rule) => ({
    ...(rule.label === `rules[${rule.index}]` ? {} : { id: rule.label }),
    who: { [rule.who.kind]: rule.who.value },
    tenant: rule.tenant,
    buckets: rule.buckets,
    allow: rule.allow,
  }));
  return `${JSON.stringify({ rules })}\n`;
}
