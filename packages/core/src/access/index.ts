import { ConfigError, policyFile } from "../config";
import { logger } from "../log";
import { PolicyError, type AccessPolicy } from "./policy";
import { policyPath, readPolicyFile } from "./policy-source";

export { CallerAccess, NO_POLICY, NO_RULE, type Decision, type EffectiveGrant } from "./caller-access";
export { parsePolicy, PolicyError, MAX_RULES, type AccessPolicy, type PolicyRule, type WhoKind } from "./policy";
export { compileGlob, globProblem, type NameMatcher } from "./glob";
export { readPolicyFile, policyPath, parseJsonPolicyText, type PolicyTextParser } from "./policy-source";

type Loaded = { ok: true; policy: AccessPolicy | undefined } | { ok: false; error: ConfigError };
let current: Loaded | undefined;

function load(): Loaded {
  const setting = policyFile();
  if (setting === undefined) return { ok: true, policy: undefined };
  try {
    return { ok: true, policy: readPolicyFile(policyPath(setting)) };
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    // Once per container: the file and every rule at fault. Clients only learn that it is misconfigured.
    logger.error("access policy is invalid: every request is refused", { policy_file: error.source, problems: error.problems });
    return { ok: false, error: new ConfigError("The API's access policy is invalid") };
  }
}

/**
 * The container's access policy (RAHCP_POLICY), read once; undefined when none is configured.
 * Throws ConfigError, for every request, when the file does not parse or validate: a broken policy
 * never means "allow everything".
 */
export function accessPolicy(): AccessPolicy | undefined {
  current ??= load();
  if (!current.ok) throw current.error;
  return current.policy;
}

/** Installs a policy (local server, tests); undefined: none. `reset` goes back to reading RAHCP_POLICY. */
export function useAccessPolicy(policy: AccessPolicy | undefined | "reset"): void {
  current = policy === "reset" ? undefined : { ok: true, policy };
}
