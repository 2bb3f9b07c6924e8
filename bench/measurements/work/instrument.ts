import { readFile } from "node:fs/promises";
import type { Plugin } from "esbuild";

/**
 * Build-time counters for the "nothing per request that could be done once per container" check:
 * a copy of each bundle whose S3Client, Logger and JWKS cache constructors report to
 * `globalThis.__rahcpBench` (zod schemas are counted through zod's own construction hook, so
 * they need no patch). Only this diagnostic copy is patched; sizes and timings use SST's bundles.
 */
interface Patch {
  file: RegExp;
  /** Text the counter goes right after: the constructor's opening (before super(), which is allowed without `this`). */
  anchor: RegExp;
  kind: string;
}

const PATCHES: readonly Patch[] = [
  { file: /@aws-sdk[\\/]client-s3[\\/]dist-es[\\/]S3Client\.js$/, anchor: /constructor\(\.\.\.\[configuration\]\)\s*\{/, kind: "S3Client" },
  { file: /aws-jwt-verify[\\/]dist[\\/]esm[\\/]jwk\.js$/, anchor: /export class SimpleJwksCache \{\s*constructor\([^)]*\)\s*\{/, kind: "SimpleJwksCache" },
  { file: /@aws-lambda-powertools[\\/]logger[\\/]lib[\\/]esm[\\/]Logger\.js$/, anchor: /class Logger extends Utility \{[\s\S]*?constructor\(options = \{\}\)\s*\{/, kind: "Logger" },
];

export const COUNTED_CONSTRUCTORS = PATCHES.map((p) => p.kind);

export function constructionCounters(): Plugin {
  return {
    name: "rahcp-bench-construction-counters",
    setup(build) {
      for (const patch of PATCHES) {
        build.onLoad({ filter: patch.file }, async (args) => {
          const source = await readFile(args.path, "utf8");
          const match = patch.anchor.exec(source);
          if (!match) throw new Error(`bench instrumentation: no ${patch.kind} constructor in ${args.path} (library changed?)`);
          const at = match.index + match[0].length;
          const counter = `globalThis.__rahcpBench?.count(${JSON.stringify(patch.kind)});`;
          return { contents: source.slice(0, at) + counter + source.slice(at), loader: "js" };
        });
      }
    },
  };
}
