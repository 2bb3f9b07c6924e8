import { createHash } from "node:crypto";
import { readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { build, type Message, type Plugin } from "esbuild";

/**
 * Before `npm run dev` swaps in new code it bundles what the server would load (the server
 * process entry and every function handler, which the server imports by name at run time) with
 * the esbuild that tsx runs the code with: syntax errors, unresolvable imports and missing
 * exports fail here, while the previous code keeps serving. Only the project's own sources are
 * bundled (npm packages stay external), which keeps a check well under a second.
 */

export interface CheckResult {
  ok: boolean;
  /** One line per problem: `path:line:column: message`, paths relative to the repository. */
  errors: string[];
  /** Digest of the bundled code: equal digests mean the server would run the same code. */
  digest: string;
}

/** npm packages (anything bare but the workspace's own @rahcp/*) and node: builtins stay external. */
const projectSourcesOnly: Plugin = {
  name: "project-sources-only",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith("@rahcp/") ? undefined : { path: args.path, external: true }));
  },
};

function line(root: string, message: Message): string {
  const where = message.location ? `${relative(root, join(root, message.location.file))}:${message.location.line}:${message.location.column + 1}: ` : "";
  return `${where}${message.text}`;
}

/** The handler modules the server imports by route (packages/functions/src/*.ts). */
export async function handlerEntries(root: string): Promise<string[]> {
  const dir = join(root, "packages/functions/src");
  const names = await readdir(dir);
  return names.filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts")).sort().map((name) => join(dir, name));
}

export async function checkCompiles(root: string, entries: readonly string[]): Promise<CheckResult> {
  try {
    const result = await build({
      absWorkingDir: root,
      entryPoints: [...entries],
      outdir: join(root, ".tmp/dev-check"), // nothing is written (write: false)
      bundle: true,
      write: false,
      platform: "node",
      format: "esm",
      target: "esnext",
      logLevel: "silent",
      plugins: [projectSourcesOnly],
    });
    const hash = createHash("sha256");
    for (const file of [...result.outputFiles].sort((a, b) => a.path.localeCompare(b.path))) hash.update(file.path).update(file.contents);
    return { ok: true, errors: [], digest: hash.digest("hex") };
  } catch (error) {
    const messages = (error as { errors?: Message[] }).errors;
    if (!messages) throw error;
    return { ok: false, errors: messages.map((message) => line(root, message)), digest: "" };
  }
}
