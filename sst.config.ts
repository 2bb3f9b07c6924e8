/// <reference path="./.sst/platform/config.d.ts" />

/**
 * rahcp: the bucket API on AWS (API Gateway HTTP API + one Lambda per endpoint). One stage per
 * environment: pr-<number>, staging, production (see .github/workflows/ci.yml).
 * Resources live in infra/, one file per concern, imported in run() as SST requires.
 */
export default $config({
  app(input) {
    const production = input?.stage === "production";
    return {
      name: "rahcp",
      home: "aws",
      removal: production ? "retain" : "remove",
      protect: production,
    };
  },
  async run() {
    await import("./infra/secrets");
    const { api } = await import("./infra/api");
    return { api: api.url };
  },
});
