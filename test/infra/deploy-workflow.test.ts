import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { STAGE_VARIABLES } from "../../infra/stage-settings";

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface Job {
  if?: string;
  environment?: string | { name: string };
  steps: Step[];
}
interface Workflow {
  on: { pull_request: { types: string[] }; push: { branches: string[]; tags: string[] } };
  permissions: Record<string, string>;
  env: { STAGE: string };
  concurrency: { group: string; "cancel-in-progress": boolean };
  jobs: { deploy: Job; remove: Job };
}

const source = readFileSync(join(import.meta.dirname, "../../.github/workflows/deploy.yml"), "utf8");
const workflow = parse(source) as Workflow;
const STAGE =
  "github.event_name == 'pull_request' && format('pr-{0}', github.event.pull_request.number) || " +
  "(startsWith(github.ref, 'refs/tags/v') && 'production' || 'staging')";

const commands = (job: Job) => job.steps.map((step) => step.uses?.replace(/@.*/, "") ?? step.run?.trim().split("\n")[0]);
const sstStep = (job: Job, command: string) => job.steps.find((step) => step.run?.includes(`npx sst ${command} --stage "$STAGE"`));

describe("deploy workflow", () => {
  it("runs for pull requests (including closing), main and version tags", () => {
    expect(workflow.on.pull_request.types).toEqual(expect.arrayContaining(["opened", "synchronize", "closed"]));
    expect(workflow.on.push).toEqual({ branches: ["main"], tags: ["v*"] });
  });

  it("maps pull request -> pr-<number>, main -> staging, tag -> production, one run per stage at a time", () => {
    expect(workflow.env.STAGE).toBe(`\${{ ${STAGE} }}`);
    expect(workflow.concurrency).toEqual({ group: `deploy-\${{ ${STAGE} }}`, "cancel-in-progress": false });
  });

  it("gets AWS credentials from an OIDC role, never from stored keys", () => {
    expect(workflow.permissions).toEqual({ "id-token": "write", contents: "read" });
    expect(source).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID/);
    for (const job of [workflow.jobs.deploy, workflow.jobs.remove]) {
      const credentials = job.steps.find((step) => step.uses?.startsWith("aws-actions/configure-aws-credentials@"));
      expect(credentials?.with?.["role-to-assume"]).toBe("${{ vars.AWS_DEPLOY_ROLE_ARN }}");
    }
  });

  it("tests before it deploys and removes a pull request's stage when it closes", () => {
    expect(commands(workflow.jobs.deploy)).toEqual([
      "actions/checkout",
      "actions/setup-node",
      "npm ci",
      "npm test",
      "aws-actions/configure-aws-credentials",
      'npx sst deploy --stage "$STAGE"',
    ]);
    expect(workflow.jobs.deploy.if).toContain("github.event.action != 'closed'");
    expect(commands(workflow.jobs.remove).at(-1)).toBe('npx sst remove --stage "$STAGE"');
    expect(workflow.jobs.remove.if).toContain("github.event.action == 'closed'");
  });

  it("hands SST every stage variable infra reads, from the job's GitHub environment", () => {
    for (const command of ["deploy", "remove"]) {
      const job = command === "deploy" ? workflow.jobs.deploy : workflow.jobs.remove;
      const env = sstStep(job, command)?.env ?? {};
      expect(Object.keys(env).sort(), command).toEqual([...STAGE_VARIABLES].sort());
      for (const [name, value] of Object.entries(env)) expect(value).toBe(`\${{ vars.${name} }}`);
    }
  });
});
