import { bundleEntry, type Bundle } from "../../scripts/build-functions";
import { OPERATIONS, handlerOf, type OperationId } from "../lib/operations";
import type * as bareCalls from "./bare-calls";

/**
 * Builds the baselines with the functions' esbuild options: one bundle per route from the table
 * in bare-calls.ts (each route's entry imports only its own factory), and the floor (floor.ts).
 */
const TABLE = "./bench/baselines/bare-calls.ts";

/** The export of bare-calls.ts for `op`: a route without one there is a type error here. */
const bareCall = (op: OperationId): keyof typeof bareCalls => op;

/** The baseline of `op`, named after its function (`baseline-<handler>`), or the floor. */
export function bundleBaseline(op: OperationId | "floor", outDir: string): Promise<Bundle> {
  if (op === "floor") return bundleEntry("baseline-floor", "bench/baselines/floor.ts", outDir);
  const contents = `import { ${bareCall(op)} as baseline } from ${JSON.stringify(TABLE)};\nexport const handler = baseline();\n`;
  return bundleEntry(`baseline-${handlerOf(op)}`, { contents }, outDir);
}

/** Every route's baseline by handler name, plus "floor". */
export async function bundleBaselines(outDir: string): Promise<Map<string, Bundle>> {
  const bundles = await Promise.all([...OPERATIONS, "floor" as const].map((op) => bundleBaseline(op, outDir)));
  return new Map(bundles.map((bundle) => [bundle.name.replace(/^baseline-/, ""), bundle]));
}
