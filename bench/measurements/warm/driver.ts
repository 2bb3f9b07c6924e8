import { join } from "node:path";
import type { WarmConfig, WarmOutput } from "./child";
import { childEnv, runChild } from "../../lib/spawn";
import { summarize, type Summary } from "../../lib/stats";
import type { OperationId } from "../../lib/operations";

const CHILD = join(import.meta.dirname, "child.ts");

export interface WarmResult {
  op: OperationId;
  /** End to end, as a caller of the function sees it. */
  handler: Summary;
  bare: Summary;
  /** Each call minus its time on the wire to S3: the work done in the process. */
  handlerLocal: Summary;
  bareLocal: Summary;
  /** What the function adds over the bare call, in ms: local work, handler minus bare, at p50 and p99. */
  addedP50Ms: number;
  addedP99Ms: number;
  /** End-to-end handler p50 minus bare p50 (includes backend noise). */
  endToEndAddedP50Ms: number;
  /** handler p50 / bare p50, end to end */
  ratioP50: number;
}

export interface WarmReport {
  ops: WarmResult[];
  jwtVerify: Summary;
  jwtVerifyInterleaved: Summary;
}

const minus = (a: readonly number[], b: readonly number[]) => a.map((v, i) => v - b[i]!);

export async function measureWarm(config: WarmConfig, env: Record<string, string>): Promise<WarmReport> {
  const output = await runChild<WarmOutput>(CHILD, [JSON.stringify(config)], {
    env: childEnv({ POWERTOOLS_LOG_LEVEL: "INFO", ...env }),
    typescript: true,
    timeoutMs: 600_000,
    priority: -10,
  });
  return {
    jwtVerify: summarize(output.jwtVerifyMs),
    jwtVerifyInterleaved: summarize(output.jwtVerifyInterleavedMs),
    ops: output.ops.map(({ op, handlerMs, bareMs, handlerNetMs, bareNetMs }) => {
      const handler = summarize(handlerMs);
      const bare = summarize(bareMs);
      const handlerLocal = summarize(minus(handlerMs, handlerNetMs));
      const bareLocal = summarize(minus(bareMs, bareNetMs));
      return {
        op,
        handler,
        bare,
        handlerLocal,
        bareLocal,
        addedP50Ms: handlerLocal.p50 - bareLocal.p50,
        addedP99Ms: handlerLocal.p99 - bareLocal.p99,
        endToEndAddedP50Ms: handler.p50 - bare.p50,
        ratioP50: handler.p50 / bare.p50,
      };
    }),
  };
}
