/**
 * The HTTP API: one route per entry of the route declaration, each served by its own function
 * (packages/functions/src/<handler>.ts). Sizes, runtime and bundling come from function-defaults.ts,
 * the routes from api-routes.ts, the stage's auth/CORS settings from stage-settings.ts. Per stage,
 * API Gateway throttling and the HCP functions' reserved concurrency keep a burst of callers off the
 * tenant's HCP, and alarms (infra/alarms.ts) report 5xx answers, function errors and throttles.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { httpRoutes } from "@rahcp/core/routes";
import { POLICY_VARIABLE } from "@rahcp/core/settings/policy";
import { apiCors, apiRouteDefinitions } from "./api-routes";
import { FUNCTION_DEFAULTS, functionNodejs } from "./function-defaults";
import { createAlarms } from "./alarms";
import { hcpSecrets } from "./secrets";
import { PACKAGED_POLICY_FILE, StageSettingsError, stageProtection, stageSettings, tenantSecretProblems } from "./stage-settings";

const settings = stageSettings($app.stage, process.env, { dev: $dev });
const protection = stageProtection($app.stage, process.env);
const secretProblems = tenantSecretProblems(process.env);
if (secretProblems.length > 0) throw new StageSettingsError(`Stage "${$app.stage}" has no usable HCP tenant: ${secretProblems.join("; ")}`);
const definitions = apiRouteDefinitions(httpRoutes);

/**
 * The stage's access policy travels inside each function package that talks to HCP: validated
 * above, written as JSON (functions parse nothing else), read once per container. Under `sst dev`
 * the functions run here, so they read the file where it was written.
 */
function packagedPolicy(): { copyFiles: { from: string; to: string }[]; environment: Record<string, string> } | undefined {
  if (!settings.policy) return undefined;
  const dir = join(".sst", "rahcp");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `policy.${$app.stage}.json`);
  writeFileSync(file, settings.policy.json);
  return { copyFiles: [{ from: file, to: PACKAGED_POLICY_FILE }], environment: { [POLICY_VARIABLE]: $dev ? resolve(file) : PACKAGED_POLICY_FILE } };
}
const policy = packagedPolicy();

export const api = new sst.aws.ApiGatewayV2("Api", {
  accessLog: { retention: settings.logRetention },
  cors: apiCors(settings.corsOrigins, definitions),
  transform: {
    stage: {
      defaultRouteSettings: {
        throttlingRateLimit: protection.throttle.rateLimit,
        throttlingBurstLimit: protection.throttle.burstLimit,
      },
    },
  },
});

/** Only the functions that call HCP are capped: the public docs functions never reach it. */
function concurrencyOf(linksHcp: boolean) {
  const reserved = linksHcp ? protection.reservedConcurrency : undefined;
  return reserved === undefined ? {} : { concurrency: { reserved } };
}

/** Each function's ARN by the name of the route that created it, for the routes that share it. */
const functionArns = new Map<string, $util.Output<string>>();

const functions = definitions.flatMap((route) => {
  if (route.functionOf !== undefined) {
    const arn = functionArns.get(route.functionOf);
    if (!arn) throw new Error(`route ${route.name} shares the function of ${route.functionOf}, which is not wired before it`);
    api.route(route.key, arn, { name: route.name });
    return [];
  }
  const wired = api.route(
    route.key,
    {
      handler: route.handler,
      description: route.description,
      ...FUNCTION_DEFAULTS,
      nodejs: functionNodejs(route.handlerName),
      ...concurrencyOf(route.linksHcp),
      environment: route.linksHcp && policy ? { ...settings.environment, ...policy.environment } : settings.environment,
      ...(route.linksHcp && policy ? { copyFiles: policy.copyFiles } : {}),
      link: route.linksHcp ? hcpSecrets : [],
      logging: { retention: settings.logRetention, format: "json" },
    },
    { name: route.name },
  );
  functionArns.set(route.name, wired.nodes.function.arn);
  return [{ name: route.name, key: route.key, functionName: wired.nodes.function.name }];
});

export const alarmTopic = createAlarms(protection.alarmEmails, {
  app: $app.name,
  stage: $app.stage,
  apiId: api.nodes.api.id,
  functions,
});
