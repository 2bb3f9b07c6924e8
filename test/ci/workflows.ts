import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { data, Evaluator, Lexer, Parser } from "@actions/expressions";
import { truthy } from "@actions/expressions/result";
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";
import { parse } from "yaml";

/**
 * The repository's GitHub workflows, read three ways: as YAML (their structure), through GitHub's
 * own workflow parser (@actions/workflow-parser: the workflow schema the Actions VS Code extension
 * uses, with expression and reusable-workflow checks), and with GitHub's own expression evaluator
 * (@actions/expressions) to see what a given event makes of their `if`s and inputs.
 */
export const ROOT = join(import.meta.dirname, "../..");
export const WORKFLOWS_DIR = ".github/workflows";

export interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}

export interface Job {
  if?: string | boolean;
  needs?: string | string[];
  "runs-on"?: string;
  uses?: string;
  with?: Record<string, string | boolean>;
  permissions?: Record<string, string>;
  environment?: string | { name: string; url?: string };
  concurrency?: { group: string; "cancel-in-progress"?: boolean };
  env?: Record<string, string>;
  steps?: Step[];
}

export interface Workflow {
  file: string;
  source: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

/** Every workflow file, so one added later (a release.yml) is checked like the others. */
export function workflowFiles(dir = join(ROOT, WORKFLOWS_DIR)): string[] {
  return readdirSync(dir).filter((name) => /\.ya?ml$/.test(name)).sort();
}

export function loadWorkflow(file: string, dir = join(ROOT, WORKFLOWS_DIR)): Workflow {
  const source = readFileSync(join(dir, file), "utf8");
  const parsed = parse(source) as Omit<Workflow, "file" | "source"> & { on: unknown };
  const on = typeof parsed.on === "string" ? { [parsed.on]: null } : Array.isArray(parsed.on) ? Object.fromEntries(parsed.on.map((e: string) => [e, null])) : (parsed.on as Record<string, unknown>);
  return { ...parsed, on, file, source };
}

/**
 * What GitHub's parser reports for one workflow file: schema violations, expressions using a
 * context where it is not available, `needs` cycles, and inputs a called local workflow does not
 * declare (it reads `./.github/workflows/*` from `root`).
 */
export async function githubParserErrors(name: string, content: string, root = ROOT): Promise<string[]> {
  const result = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  if (result.value) {
    const files = {
      getFileContent: async (ref: { path: string }) => ({ name: ref.path, content: readFileSync(join(root, ref.path), "utf8") }),
    };
    await convertWorkflowTemplate(result.context, result.value, files, { fetchReusableWorkflowDepth: 1 });
  }
  return result.context.errors.getErrors().map((error) => error.message);
}

export type Contexts = Record<string, unknown>;

function evaluate(expression: string, contexts: Contexts): data.ExpressionData {
  const { tokens } = new Lexer(expression).lex();
  const tree = new Parser(tokens, Object.keys(contexts), []).parse();
  const dictionary = JSON.parse(JSON.stringify(contexts), data.reviver) as data.Dictionary;
  return new Evaluator(tree, dictionary).evaluate();
}

/** A value with `${{ … }}` parts, as GitHub renders it. */
export function render(value: string | boolean | undefined, contexts: Contexts): string {
  return String(value ?? "").replace(/\$\{\{(.*?)\}\}/gs, (_, expression: string) => evaluate(expression, contexts).coerceString());
}

/** A job's `if:` (bare or in `${{ }}`); no `if` runs. */
export function runs(condition: string | boolean | undefined, contexts: Contexts): boolean {
  if (condition === undefined) return true;
  if (typeof condition === "boolean") return condition;
  const bare = /^\s*\$\{\{(.*)\}\}\s*$/s.exec(condition)?.[1] ?? condition;
  return truthy(evaluate(bare, contexts));
}

/** `./.github/workflows/x.yml` (a local reusable workflow) -> `x.yml`. */
export function calledWorkflow(job: Job): string | undefined {
  const match = /^\.\/\.github\/workflows\/([^/@]+)$/.exec(job.uses ?? "");
  return match?.[1];
}

export function needsOf(job: Job): string[] {
  return job.needs === undefined ? [] : typeof job.needs === "string" ? [job.needs] : job.needs;
}
