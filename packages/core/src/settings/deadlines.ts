/**
 * How long a request may take, end to end. Plain numbers with no imports: infra sizes the deployed
 * functions with them (infra/function-defaults.ts), the local server gives each handler call the
 * same deadline, and the handlers keep ANSWER_MARGIN_MS of it to answer.
 */

/** API Gateway HTTP APIs end every integration after 29 s (a fixed quota). */
export const API_GATEWAY_TIMEOUT_MS = 29_000;

/**
 * Every API function's timeout, and the local server's deadline per handler call. Room above the
 * S3 budget (S3_BUDGET_MS, default 20 s, retries included: the handler answers 504 when it is
 * spent) plus ANSWER_MARGIN_MS, and below API Gateway's 29 s, so a slow backend yields our JSON 504
 * instead of a bare gateway timeout.
 */
export const FUNCTION_TIMEOUT_MS = 25_000;

/** Time a handler keeps, after its work, to answer within the function's timeout. */
export const ANSWER_MARGIN_MS = 2_000;

/** Why a deployed function could not spend `budgetMs` on its work and still answer, if it could not. */
export function budgetFitProblem(name: string, budgetMs: number): string | undefined {
  return budgetMs + ANSWER_MARGIN_MS > FUNCTION_TIMEOUT_MS
    ? `${name} must leave ${ANSWER_MARGIN_MS} ms under the ${FUNCTION_TIMEOUT_MS} ms function timeout`
    : undefined;
}
