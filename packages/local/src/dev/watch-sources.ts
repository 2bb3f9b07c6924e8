import { watch, type FSWatcher } from "node:fs";
import { readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** Source files only: editors' swap, backup and temporary files change nothing. */
const SOURCE = /\.(?:[cm]?[jt]s|json)$/;
const IGNORED = /(?:^|[\\/])(?:\.[^\\/]*|[^\\/]*~|node_modules)(?:[\\/]|$)/;

export interface SourceWatcher {
  close(): void;
}

/** The `src` folder of every package (packages/<name>/src). */
export function sourceDirs(root: string): string[] {
  const packages = join(root, "packages");
  return readdirSync(packages)
    .map((name) => join(packages, name, "src"))
    .filter((dir) => statSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false);
}

/**
 * Calls `onChange` with the changed files (relative to `root`) once edits have paused for
 * `debounceMs`: saving several files, or an editor's write-then-rename, is one change.
 */
export function watchSources(root: string, onChange: (paths: string[]) => void, debounceMs = 150): SourceWatcher {
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const watchers: FSWatcher[] = sourceDirs(root).map((dir) =>
    watch(dir, { recursive: true }, (_event, name) => {
      if (!name || !SOURCE.test(name) || IGNORED.test(name)) return;
      pending.add(relative(root, join(dir, name)).split(sep).join("/"));
      clearTimeout(timer);
      timer = setTimeout(() => {
        const paths = [...pending].sort();
        pending = new Set();
        onChange(paths);
      }, debounceMs);
    }),
  );
  return {
    close() {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
