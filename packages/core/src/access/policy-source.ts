import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { parsePolicy, PolicyError, type AccessPolicy } from "./policy";

/** A policy document's text as an object: JSON here, YAML too where a YAML parser is at hand. */
export type PolicyTextParser = (text: string, file: string) => unknown;

const YAML_FILE = /\.ya?ml$/i;

/** JSON only: what a deployed function reads (the deploy writes the stage's policy as JSON). */
export const parseJsonPolicyText: PolicyTextParser = (text, file) => {
  if (YAML_FILE.test(file)) {
    throw new PolicyError(file, ["functions read the policy as JSON; the deploy converts YAML (set RAHCP_POLICY_FILE at deploy time)"]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new PolicyError(file, [`not valid JSON (${error instanceof Error ? error.message : String(error)})`]);
  }
};

/**
 * Where RAHCP_POLICY points: relative paths are resolved against the function package root
 * (LAMBDA_TASK_ROOT, where the deploy copies the policy) or, off Lambda, the working directory.
 */
export function policyPath(setting: string, env: NodeJS.ProcessEnv = process.env): string {
  return isAbsolute(setting) ? setting : resolve(env.LAMBDA_TASK_ROOT ?? process.cwd(), setting);
}

/** Reads, parses and validates a policy file; every failure is a PolicyError naming the file. */
export function readPolicyFile(file: string, parseText: PolicyTextParser = parseJsonPolicyText): AccessPolicy {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PolicyError(file, [code === "ENOENT" ? "no such file" : `cannot be read (${code ?? "error"})`]);
  }
  return parsePolicy(parseText(text, file), file);
}
