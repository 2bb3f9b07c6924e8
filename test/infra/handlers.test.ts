import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { httpRoutes } from "@rahcp/core/routes";
import { describe, expect, it } from "vitest";
import { apiRouteDefinitions } from "../../infra/api-routes";

const ROOT = join(import.meta.dirname, "../..");

describe("every declared route has its handler", () => {
  it("declares routes at all", () => {
    expect(httpRoutes.length).toBeGreaterThanOrEqual(9);
  });

  // The path infra hands to SST, so this is also the file SST will bundle.
  it.each(apiRouteDefinitions(httpRoutes).map((route) => [route.key, route.file] as const))(
    "%s: %s exports a handler function",
    async (_key, file) => {
      const path = join(ROOT, file);
      expect(existsSync(path)).toBe(true);
      const module = (await import(pathToFileURL(path).href)) as { handler?: unknown };
      expect(typeof module.handler).toBe("function");
    },
  );
});
