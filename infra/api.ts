/**
 * The HTTP API: one route per entry of the route declaration, each served by its own function
 * (packages/functions/src/<handler>.ts). Sizes, runtime and bundling come from function-defaults.ts,
 * the routes from api-routes.ts, the stage's auth/CORS settings from stage-settings.ts.
 */
import { httpRoutes } from "@rahcp/core/routes";
import { apiCors, apiRouteDefinitions } from "./api-routes";
import { FUNCTION_DEFAULTS, functionNodejs } from "./function-defaults";
import { hcpSecrets } from "./secrets";
import { stageSettings } from "./stage-settings";

const settings = stageSettings($app.stage, process.env, { dev: $dev });
const definitions = apiRouteDefinitions(httpRoutes);

export const api = new sst.aws.ApiGatewayV2("Api", {
  accessLog: { retention: settings.logRetention },
  cors: apiCors(settings.corsOrigins, definitions),
});

for (const route of definitions) {
  api.route(
    route.key,
    {
      handler: route.handler,
      description: route.description,
      ...FUNCTION_DEFAULTS,
      nodejs: functionNodejs(route.handlerName),
      environment: settings.environment,
      link: route.linksHcp ? hcpSecrets : [],
      logging: { retention: settings.logRetention, format: "json" },
    },
    { name: route.name },
  );
}
