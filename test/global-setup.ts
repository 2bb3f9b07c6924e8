import { bundleCli } from "../packages/cli/scripts/bundle";

/**
 * Once per vitest run: rebuild the CLI bundle (`npx rahcp`, packages/cli/dist/rahcp.js), so tests that
 * spawn the bin never run one older than the source. esbuild takes well under a second.
 */
export default async function setup(): Promise<void> {
  await bundleCli();
}
