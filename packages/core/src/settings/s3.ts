import { budgetFitProblem } from "./deadlines";
import { SettingsReader, type DeployChecks, type Env, type Parsed } from "./env";

/** S3 client tuning shared by every tenant: timeouts, attempts, budget, default region. */
export interface S3Tuning {
  /** Signing region of tenants that name none (HCP_REGION). */
  region: string;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  maxAttempts: number;
  /** Whole-operation budget including retries; stays below API Gateway's 29 s limit. */
  budgetMs: number;
}

/** One S3 client's settings: the tuning plus where it connects and with which keys. */
export interface S3Settings extends S3Tuning {
  endpoint: string | undefined;
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
}

/**
 * Sized so that every attempt can run out its timeouts and backoff within the budget
 * (3 × (1 s + 4.5 s) + the SDK's worst throttling backoff of 1 s + 2 s = 19.5 s ≤ 20 s), and the
 * budget plus a cold JWKS fetch stays below API Gateway's 29 s (test/faults/timeout-budget.test.ts).
 */
export const S3_DEFAULTS: Readonly<S3Tuning> = {
  region: "us-east-1",
  connectTimeoutMs: 1_000,
  requestTimeoutMs: 4_500,
  maxAttempts: 3,
  budgetMs: 20_000,
};

/** S3_BUDGET_MS alone (FORCE_DELETE_BUDGET_MS defaults to it). */
export function readS3Budget(read: SettingsReader): number {
  return read.integer("S3_BUDGET_MS", S3_DEFAULTS.budgetMs, { positive: true });
}

/** HCP_REGION and S3_*: the tuning of every tenant's S3 client. */
export function parseS3Settings(env: Env, deploy?: DeployChecks): Parsed<S3Tuning> {
  const read = new SettingsReader(env);
  const tuning: S3Tuning = {
    region: read.text("HCP_REGION") ?? S3_DEFAULTS.region,
    connectTimeoutMs: read.integer("S3_CONNECT_TIMEOUT_MS", S3_DEFAULTS.connectTimeoutMs, { positive: false }),
    requestTimeoutMs: read.integer("S3_REQUEST_TIMEOUT_MS", S3_DEFAULTS.requestTimeoutMs, { positive: false }),
    maxAttempts: read.integer("S3_MAX_ATTEMPTS", S3_DEFAULTS.maxAttempts, { positive: false }),
    budgetMs: readS3Budget(read),
  };
  const unfit = deploy && read.problems.length === 0 ? budgetFitProblem("S3_BUDGET_MS", tuning.budgetMs) : undefined;
  if (unfit) read.problems.push(unfit);
  return read.result(tuning);
}
