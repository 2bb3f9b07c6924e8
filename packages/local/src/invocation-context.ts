import { InvokeStore, type InvokeStoreBase } from "@aws/lambda-invoke-store";

/**
 * One invocation context per handler call, as Lambda's runtime gives each of the concurrent
 * invocations of a managed instance: with AWS_LAMBDA_MAX_CONCURRENCY set, Powertools' Logger (and
 * the AWS SDK's tracing) keep their per-invocation state in the runtime's InvokeStore, an
 * AsyncLocalStorage. The local server runs handlers concurrently in one process, so without this
 * the module-wide logger would stamp one request's function and ids on another's lines.
 */
export interface InvocationContexts {
  run<T>(awsRequestId: string, call: () => Promise<T>): Promise<T>;
  /** Puts AWS_LAMBDA_MAX_CONCURRENCY back as it was. */
  restore(): void;
}

/** The runtime's key for the invocation's request id (InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID). */
const REQUEST_ID = Symbol.for("_AWS_LAMBDA_REQUEST_ID");

/** Whether `store` keeps contexts apart (the multi-invocation store), not one shared context. */
function isolates(store: InvokeStoreBase): boolean {
  store.run({}, () => undefined);
  return !store.hasContext();
}

/**
 * The process has one InvokeStore, made by whoever asks first (the AWS SDK asks on its first
 * call, and gets a single shared context unless told otherwise): ask for the multi-invocation one
 * when this module loads, which the local server's callers do before any S3 call.
 */
const processStore = InvokeStore.getInstanceAsync(true);

export async function invocationContexts(maxConcurrency: number): Promise<InvocationContexts> {
  const saved = process.env.AWS_LAMBDA_MAX_CONCURRENCY;
  const store = await processStore;
  if (!isolates(store)) {
    throw new Error("the Lambda InvokeStore of this process shares one context across invocations: import @rahcp/local before the first AWS SDK call");
  }
  process.env.AWS_LAMBDA_MAX_CONCURRENCY = String(maxConcurrency);
  return {
    run: (awsRequestId, call) => store.run({ [REQUEST_ID]: awsRequestId }, call),
    restore: () => {
      if (saved === undefined) delete process.env.AWS_LAMBDA_MAX_CONCURRENCY;
      else process.env.AWS_LAMBDA_MAX_CONCURRENCY = saved;
    },
  };
}
