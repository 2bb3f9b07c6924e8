import { join } from "node:path";
import type { WorkCount, WorkCountConfig } from "./child";
import { childEnv, runChild } from "../../lib/spawn";

const CHILD = join(import.meta.dirname, "child.ts");

export type { WorkCount } from "./child";

/** Things a container must build once: a count that grows with the number of requests fails the check. */
export const ONCE_PER_CONTAINER = ["S3Client", "Logger", "SimpleJwksCache", "zodSchemas", "jwksFetches"] as const;

export async function countWork(config: WorkCountConfig, env: Record<string, string>): Promise<WorkCount[]> {
  return runChild<WorkCount[]>(CHILD, [JSON.stringify(config)], {
    env: childEnv({ POWERTOOLS_LOG_LEVEL: "INFO", ...env }),
    typescript: true,
    timeoutMs: 300_000,
  });
}
