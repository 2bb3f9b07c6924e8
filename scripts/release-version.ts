/**
 * The release check of .github/workflows/release.yml: a tag `vX.Y.Z` may only publish packages whose
 * package.json says X.Y.Z, all of them the same. Prints `version=` and `dist-tag=` lines for
 * $GITHUB_OUTPUT (a prerelease such as 1.0.0-rc.1 goes to npm's `next` tag, never `latest`).
 *
 *   node scripts/release-version.ts v0.2.0        (plain Node 24: no dependency, no install needed)
 *
 * The version itself is written only in the packages' package.json (`npm version 0.2.0 -w
 * @rahcp/client -w @rahcp/cli`); the CLI's `--version` is read from there at bundle time.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(import.meta.dirname, "..");
export const PUBLISHED_PACKAGES = ["packages/client", "packages/cli"] as const;

export interface Manifest {
  name: string;
  version: string;
}

export interface Release {
  version: string;
  distTag: "latest" | "next";
}

const TAG = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

export function readManifests(root: string = ROOT): Manifest[] {
  return PUBLISHED_PACKAGES.map((dir) => {
    const { name, version } = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) as Partial<Manifest>;
    if (!name || !version) throw new Error(`${dir}/package.json has no name or version`);
    return { name, version };
  });
}

/** The release a tag stands for, or an error saying what to fix. */
export function releaseFor(tag: string, manifests: readonly Manifest[]): Release {
  if (!TAG.test(tag)) throw new Error(`tag "${tag}" is not a release tag: expected v<major>.<minor>.<patch>[-prerelease], e.g. v0.2.0`);
  const version = tag.slice(1);
  const wrong = manifests.filter((m) => m.version !== version);
  if (wrong.length > 0) {
    const listed = manifests.map((m) => `${m.name} ${m.version}`).join(", ");
    const workspaces = manifests.map((m) => `-w ${m.name}`).join(" ");
    throw new Error(`tag ${tag} does not match the packages (${listed}): run npm version ${version} ${workspaces} --no-git-tag-version, commit, then tag that commit`);
  }
  return { version, distTag: version.includes("-") ? "next" : "latest" };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const release = releaseFor(process.argv[2] ?? "", readManifests());
    process.stdout.write(`version=${release.version}\ndist-tag=${release.distTag}\n`);
  } catch (error) {
    process.stderr.write(`release-version: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
