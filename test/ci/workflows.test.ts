import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { STAGE_VARIABLES, stageKind, type StageKind } from "../../infra/stage-settings";
import {
  calledWorkflow,
  githubParserErrors,
  loadWorkflow,
  needsOf,
  render,
  ROOT,
  runs,
  workflowFiles,
  WORKFLOWS_DIR,
  type Contexts,
  type Job,
  type Step,
  type Workflow,
} from "./workflows";

/**
 * Every file in .github/workflows: valid for GitHub, the suite run once (bash .ci/run) before
 * anything reaches AWS, and the stages and variables they hand to SST the ones
 * infra/stage-settings.ts knows. GitHub itself cannot run here; its parser and expression
 * evaluator can.
 */
const files = workflowFiles();
const workflows = new Map(files.map((file) => [file, loadWorkflow(file)]));
const workflow = (file: string): Workflow => {
  const found = workflows.get(file);
  if (!found) throw new Error(`${WORKFLOWS_DIR}/${file} does not exist`);
  return found;
};
const allJobs = [...workflows.values()].flatMap((w) => Object.entries(w.jobs).map(([id, job]) => ({ workflow: w, id, job })));

/** The AWS variables only the credentials step reads; everything else a workflow passes goes to SST. */
const AWS_VARIABLES = ["AWS_DEPLOY_ROLE_ARN", "AWS_REGION"];
const CREDENTIALS_ACTION = "aws-actions/configure-aws-credentials";
const SST = /\bnpx sst (deploy|remove) --stage "\$(\w+)"/;

const sstSteps = (job: Job): Step[] => (job.steps ?? []).filter((step) => step.run !== undefined && /\bsst (deploy|remove)\b/.test(step.run));
const runsSuite = (job: Job): boolean => (job.steps ?? []).some((step) => step.run?.trim() === "bash .ci/run");

/** A job that runs `sst deploy/remove` itself or through a local reusable workflow. */
function reachesSst(job: Job): boolean {
  const called = calledWorkflow(job);
  if (called) return Object.values(workflow(called).jobs).some(reachesSst);
  return sstSteps(job).length > 0;
}

function runsTests(job: Job): boolean {
  const called = calledWorkflow(job);
  if (called) return Object.values(workflow(called).jobs).some(runsTests);
  return runsSuite(job);
}

/** The jobs `id` waits for, directly or not. */
function ancestors(w: Workflow, id: string, seen = new Set<string>()): Set<string> {
  for (const need of needsOf(w.jobs[id] ?? {})) {
    if (seen.has(need)) continue;
    seen.add(need);
    ancestors(w, need, seen);
  }
  return seen;
}

const onlyCalled = (w: Workflow) => Object.keys(w.on).every((event) => event === "workflow_call");

describe.each(files)("%s", (file) => {
  it("parses, and GitHub's workflow parser finds nothing wrong (schema, contexts, needs, called workflows' inputs)", async () => {
    const { source } = workflow(file);
    expect(await githubParserErrors(file, source)).toEqual([]);
  });

  it("runs the test suite only through .ci/run (no second run in another setting)", () => {
    for (const [id, job] of Object.entries(workflow(file).jobs)) {
      for (const step of job.steps ?? []) {
        expect(step.run ?? "", `${file} ${id}`).not.toMatch(/\bnpm (run )?test\b|\bvitest\b|\bnpm t\b/);
      }
    }
  });

  it("deploys or removes a stage only after the tests passed", () => {
    const w = workflow(file);
    for (const [id, job] of Object.entries(w.jobs)) {
      if (!reachesSst(job)) continue;
      expect(runsTests(job), `${file} ${id} must not run the suite itself`).toBe(false);
      // A workflow that only runs when called is covered by its callers' `needs`.
      if (onlyCalled(w)) continue;
      const before = [...ancestors(w, id)].map((need) => w.jobs[need]!);
      expect(before.some(runsTests), `${file} ${id} needs a job that runs bash .ci/run`).toBe(true);
    }
  });

  it("hands every sst command exactly the stage variables infra/stage-settings.ts reads, from the GitHub environment", () => {
    for (const [id, job] of Object.entries(workflow(file).jobs)) {
      for (const step of sstSteps(job)) {
        expect(step.run, `${file} ${id}: sst gets its stage as "$STAGE"`).toMatch(SST);
        const env = step.env ?? {};
        expect(Object.keys(env).sort(), `${file} ${id}`).toEqual([...STAGE_VARIABLES].sort());
        for (const [name, value] of Object.entries(env)) expect(value, name).toBe(`\${{ vars.${name} }}`);
      }
    }
  });

  it("reads no variable that stage-settings does not accept (the AWS role and region go to the credentials step only)", () => {
    const known = new Set<string>(STAGE_VARIABLES);
    for (const [id, job] of Object.entries(workflow(file).jobs)) {
      const places: { text: string; credentials: boolean }[] = [
        { text: JSON.stringify({ if: job.if, with: job.with, env: job.env, environment: job.environment }), credentials: false },
        ...(job.steps ?? []).map((step) => ({ text: JSON.stringify(step), credentials: step.uses?.startsWith(`${CREDENTIALS_ACTION}@`) ?? false })),
      ];
      for (const { text, credentials } of places) {
        for (const [, name] of text.matchAll(/\bvars\.(\w+)/g)) {
          if (AWS_VARIABLES.includes(name!)) expect(credentials, `${file} ${id}: vars.${name} outside ${CREDENTIALS_ACTION}`).toBe(true);
          else expect(known.has(name!), `${file} ${id}: vars.${name} is not in STAGE_VARIABLES`).toBe(true);
        }
      }
    }
  });

  it("gets AWS credentials from an OIDC role only, in every job that runs sst", () => {
    const w = workflow(file);
    expect(w.source).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID/);
    for (const [id, job] of Object.entries(w.jobs)) {
      if (sstSteps(job).length === 0) continue;
      const steps = job.steps ?? [];
      const credentials = steps.findIndex((step) => step.uses?.startsWith(`${CREDENTIALS_ACTION}@`));
      expect(credentials, `${file} ${id}`).toBeGreaterThanOrEqual(0);
      expect(steps[credentials]!.with?.["role-to-assume"]).toBe("${{ vars.AWS_DEPLOY_ROLE_ARN }}");
      expect(credentials).toBeLessThan(steps.indexOf(sstSteps(job)[0]!));
      expect({ ...w.permissions, ...job.permissions }).toMatchObject({ "id-token": "write" });
    }
  });
});

describe("ci.yml", () => {
  const ci = workflow("ci.yml");

  it("runs on pull requests and on pushes", () => {
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(["pull_request", "push"]));
  });

  it("runs bash .ci/run on ubuntu-latest, as CI does here", () => {
    const testJobs = Object.values(ci.jobs).filter(runsSuite);
    expect(testJobs).toHaveLength(1);
    expect(testJobs[0]!["runs-on"]).toBe("ubuntu-latest");
  });

  it("lets the deploy workflow's jobs (deploy and remove) start only after that job", () => {
    const callers = Object.entries(ci.jobs).filter(([, job]) => calledWorkflow(job) === "deploy.yml");
    expect(callers).toHaveLength(1);
    const [id, caller] = callers[0]!;
    expect([...ancestors(ci, id)].some((need) => runsSuite(ci.jobs[need]!))).toBe(true);
    expect(caller.permissions).toEqual({ "id-token": "write", contents: "read" });
    const deploy = workflow("deploy.yml");
    expect(Object.keys(deploy.on)).toEqual(["workflow_call"]);
    expect(Object.values(deploy.jobs).flatMap(sstSteps).map((step) => SST.exec(step.run!)?.[1]).sort()).toEqual(["deploy", "remove"]);
  });
});

// --- what each event deploys ---------------------------------------------------------------------

const REPOSITORY = "riksarkivet/rahcp";
const pullRequest = (action: string, fromFork = false) => ({
  event_name: "pull_request",
  ref: "refs/pull/42/merge",
  repository: REPOSITORY,
  run_id: "1",
  event: { action, pull_request: { number: 42, head: { repo: { full_name: fromFork ? "someone/rahcp" : REPOSITORY } } } },
});
const push = (ref: string) => ({ event_name: "push", ref, repository: REPOSITORY, run_id: "1", event: {} });

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+?^$()|[\]\\]/g, "\\$&").replace(/\*\*/g, "\u0000").replace(/\*/g, "[^/]*").replace(/\u0000/g, ".*")}$`);
}

/** Whether a workflow's `on:` starts it for this event (types, branches and tags filters). */
function triggeredBy(w: Workflow, github: ReturnType<typeof push> | ReturnType<typeof pullRequest>): boolean {
  if (!(github.event_name in w.on)) return false;
  const filter = (w.on[github.event_name] ?? {}) as { types?: string[]; branches?: string[]; tags?: string[] };
  if (github.event_name === "pull_request") {
    const action = (github.event as { action: string }).action;
    return (filter.types ?? ["opened", "synchronize", "reopened"]).includes(action);
  }
  if (!filter.branches && !filter.tags) return true;
  const [kind, name] = github.ref.startsWith("refs/tags/") ? (["tags", github.ref.slice(10)] as const) : (["branches", github.ref.slice(11)] as const);
  return (filter[kind] ?? []).some((pattern) => glob(pattern).test(name));
}

interface Planned {
  command: string;
  stage: string;
  environment: string;
  concurrency: string | undefined;
}

/** The sst commands an event runs, across every workflow, as GitHub would evaluate the expressions. */
function plan(github: ReturnType<typeof push> | ReturnType<typeof pullRequest>): Planned[] {
  const planned: Planned[] = [];
  const visit = (w: Workflow, contexts: Contexts) => {
    for (const job of Object.values(w.jobs)) {
      if (!runs(job.if, contexts)) continue;
      const called = calledWorkflow(job);
      if (called) {
        const inputs: Record<string, unknown> = Object.fromEntries(
          Object.entries(job.with ?? {}).map(([name, value]) => [name, typeof value === "boolean" ? value : render(value, contexts)]),
        );
        // As GitHub hands them to the called workflow: defaults filled in, booleans typed.
        const declared = (workflow(called).on["workflow_call"] as { inputs?: Record<string, { type: string; default?: unknown }> }).inputs ?? {};
        for (const [name, spec] of Object.entries(declared)) {
          if (!(name in inputs)) inputs[name] = spec.default;
          else if (spec.type === "boolean") inputs[name] = inputs[name] === true || inputs[name] === "true";
        }
        visit(workflow(called), { github, inputs });
        continue;
      }
      for (const step of sstSteps(job)) {
        const [, command, variable] = SST.exec(step.run!) ?? [];
        const environment = typeof job.environment === "object" ? job.environment.name : job.environment;
        planned.push({
          command: command!,
          stage: render({ ...job.env, ...step.env }[variable!], contexts),
          environment: render(environment, contexts),
          concurrency: job.concurrency && render(job.concurrency.group, contexts),
        });
      }
    }
  };
  for (const w of workflows.values()) if (triggeredBy(w, github)) visit(w, { github });
  return planned;
}

const EVENTS = {
  "a pull request opened": [pullRequest("opened"), [["deploy", "pr-42"]]],
  "a push to a pull request": [pullRequest("synchronize"), [["deploy", "pr-42"]]],
  "a pull request closed": [pullRequest("closed"), [["remove", "pr-42"]]],
  "a pull request from a fork": [pullRequest("opened", true), []],
  "a push to main": [push("refs/heads/main"), [["deploy", "staging"]]],
  "a v* tag": [push("refs/tags/v1.4.0"), [["deploy", "production"]]],
  "a push to another branch": [push("refs/heads/feature/x"), []],
} as const;

/** The GitHub environment (its variables configure the stage) of each kind of stage CI deploys. */
const ENVIRONMENT: Record<StageKind, string | undefined> = { production: "production", staging: "staging", preview: "preview", personal: undefined };

describe("what each event does", () => {
  it.each(Object.entries(EVENTS))("%s", (_event, [github, expected]) => {
    const planned = plan(github);
    expect(planned.map(({ command, stage }) => [command, stage])).toEqual(expected);
    for (const { stage, environment, concurrency } of planned) {
      // Stage names CI uses are ones stage-settings knows, with their own defaults (never "personal").
      const kind = stageKind(stage);
      expect(kind, stage).not.toBe("personal");
      expect(environment, stage).toBe(ENVIRONMENT[kind]);
      expect(concurrency, "one deploy or removal per stage at a time").toBe(`sst-${stage}`);
    }
  });

  it("covers each kind of CI stage", () => {
    const kinds = new Set(Object.values(EVENTS).flatMap(([github]) => plan(github).map(({ stage }) => stageKind(stage))));
    expect([...kinds].sort()).toEqual(["preview", "production", "staging"]);
  });
});

describe("GitHub's workflow parser", () => {
  const scratch = mkdtempSync(join(tmpdir(), "rahcp-workflows-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  mkdirSync(join(scratch, WORKFLOWS_DIR), { recursive: true });
  cpSync(join(ROOT, WORKFLOWS_DIR, "deploy.yml"), join(scratch, WORKFLOWS_DIR, "deploy.yml"));

  it.each([
    ["an unknown key", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stesp: []\n", /Unexpected value 'stesp'/],
    ["a context where GitHub has none", "on: push\nconcurrency: x-${{ env.STAGE }}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n", /Unrecognized named-value: 'env'/],
    ["a needs cycle", "on: push\njobs:\n  a:\n    needs: b\n    runs-on: ubuntu-latest\n    steps: [{run: echo}]\n  b:\n    needs: a\n    runs-on: ubuntu-latest\n    steps: [{run: echo}]\n", /at least one job with no dependencies/],
    [
      "an input the called workflow does not declare",
      "on: push\njobs:\n  d:\n    uses: ./.github/workflows/deploy.yml\n    with:\n      stage: staging\n      stgae: x\n",
      /stgae is not defined in the referenced workflow/,
    ],
  ])("reports %s", async (_case, content, message) => {
    expect((await githubParserErrors("broken.yml", content, scratch)).join("\n")).toMatch(message);
  });
});
