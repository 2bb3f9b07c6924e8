import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { httpRoutes } from "@rahcp/core/routes";
import { afterEach, describe, expect, it, vi } from "vitest";
import { API_5XX_MIN_REQUESTS, API_5XX_PERCENT } from "../../infra/alarm-definitions";
import { apiRouteDefinitions } from "../../infra/api-routes";
import { PROTECTION_DEFAULTS } from "../../infra/stage-settings";
import { installSstStub, SINGLE_TENANT_SECRETS, type RecordedResource, type SstRecording } from "./sst-stub";

/**
 * What protects each stage's HCP tenant, read from the real sst.config.ts and infra/ run against
 * the recording stubs: API Gateway's stage throttle, the functions' reserved concurrency, and the
 * alarms with their SNS topic.
 */
const CONFIG = pathToFileURL(join(import.meta.dirname, "../..", "sst.config.ts")).href;
const OIDC = { AUTH_ISSUER: "https://login.example.org/realms/hcp", AUTH_AUDIENCE: "rahcp" };
// One function per handler: the documentation's HEAD routes invoke their GET route's function.
const definitions = apiRouteDefinitions(httpRoutes).filter((d) => d.functionOf === undefined);
const hcpRoutes = definitions.filter((route) => route.linksHcp);
let evaluation = 0;

/** Evaluates the app for `stage` with exactly these deploy variables (plus OIDC auth). */
async function deploy(stage: string, env: Record<string, string> = {}): Promise<SstRecording> {
  vi.unstubAllEnvs();
  for (const [name, value] of Object.entries({ ...OIDC, ...SINGLE_TENANT_SECRETS, ...env })) vi.stubEnv(name, value);
  vi.resetModules();
  const recording = installSstStub(stage);
  const config = ((await import(`${CONFIG}?deploy-${++evaluation}`)) as { default: { run(): Promise<unknown> } }).default;
  await config.run();
  return recording;
}

afterEach(() => vi.unstubAllEnvs());

const throttleOf = (recording: SstRecording) => recording.apis[0]!.args["transform"];
const reservedOf = (recording: SstRecording) =>
  Object.fromEntries(recording.apis[0]!.routes.map((route) => [route.args["name"], route.handler["concurrency"]]));
const ofType = (recording: SstRecording, type: string): RecordedResource[] => recording.resources.filter((r) => r.type === type);

describe("API Gateway stage throttling", () => {
  it.each([
    ["production", { rateLimit: 50, burstLimit: 100 }],
    ["staging", { rateLimit: 20, burstLimit: 40 }],
    ["pr-42", { rateLimit: 10, burstLimit: 20 }],
    ["alice", { rateLimit: 10, burstLimit: 20 }],
  ])("%s: every route of the stage is throttled by default (%o)", async (stage, throttle) => {
    expect(throttleOf(await deploy(stage))).toEqual({
      stage: { defaultRouteSettings: { throttlingRateLimit: throttle.rateLimit, throttlingBurstLimit: throttle.burstLimit } },
    });
  });

  it("takes the stage's API_THROTTLE_RATE and API_THROTTLE_BURST", async () => {
    const recording = await deploy("staging", { API_THROTTLE_RATE: "2.5", API_THROTTLE_BURST: "5" });
    expect(throttleOf(recording)).toEqual({ stage: { defaultRouteSettings: { throttlingRateLimit: 2.5, throttlingBurstLimit: 5 } } });
  });

  it("fails the deploy before anything is created on a bad value", async () => {
    await expect(deploy("production", { API_THROTTLE_BURST: "0" })).rejects.toThrow(
      /Stage "production" is not configured: API_THROTTLE_BURST must be a whole number of requests from 1 to 5000, not "0"/,
    );
  });
});

describe("Lambda reserved concurrency", () => {
  it("caps every function that calls HCP per stage, and never the public docs functions", async () => {
    for (const stage of ["production", "staging"] as const) {
      const reserved = reservedOf(await deploy(stage));
      const expected = PROTECTION_DEFAULTS[stage].reservedConcurrency;
      expect(expected).toBeGreaterThan(0);
      for (const route of definitions) {
        expect(reserved[route.name], `${stage} ${route.key}`).toEqual(route.linksHcp ? { reserved: expected } : undefined);
      }
    }
    expect(PROTECTION_DEFAULTS.production.reservedConcurrency).toBe(10);
    expect(PROTECTION_DEFAULTS.staging.reservedConcurrency).toBe(5);
  });

  it("reserves nothing for pull-request stages (every open PR would take from the account's pool)", async () => {
    expect(Object.values(reservedOf(await deploy("pr-42"))).every((concurrency) => concurrency === undefined)).toBe(true);
  });

  it("takes FUNCTION_RESERVED_CONCURRENCY, including none", async () => {
    const preview = reservedOf(await deploy("pr-7", { FUNCTION_RESERVED_CONCURRENCY: "3" }));
    expect(preview[hcpRoutes[0]!.name]).toEqual({ reserved: 3 });
    const production = reservedOf(await deploy("production", { FUNCTION_RESERVED_CONCURRENCY: "none" }));
    expect(Object.values(production).every((concurrency) => concurrency === undefined)).toBe(true);
  });
});

describe("alarms", () => {
  it("none at all without ALARM_EMAIL: no topic, no subscription, no alarm", async () => {
    expect((await deploy("production")).resources).toEqual([]);
  });

  it("notify one SNS topic with an e-mail subscription per ALARM_EMAIL address", async () => {
    const recording = await deploy("staging", { ALARM_EMAIL: "ops@example.org, Archive.Team@example.org" });
    expect(ofType(recording, "aws:sns:Topic")).toEqual([{ type: "aws:sns:Topic", name: "AlarmTopic", args: { displayName: "rahcp staging alarms" } }]);
    const topicArn = "arn:stub:aws:sns:Topic:AlarmTopic";
    expect(ofType(recording, "aws:sns:TopicSubscription").map(({ name, args }) => ({ name, args }))).toEqual([
      { name: "AlarmEmail-ops-example-org", args: { topic: topicArn, protocol: "email", endpoint: "ops@example.org" } },
      { name: "AlarmEmail-archive-team-example-org", args: { topic: topicArn, protocol: "email", endpoint: "Archive.Team@example.org" } },
    ]);
    for (const alarm of ofType(recording, "aws:cloudwatch:MetricAlarm")) {
      expect(alarm.args, alarm.name).toMatchObject({ alarmActions: [topicArn], okActions: [topicArn], treatMissingData: "notBreaching" });
    }
  });

  it("watch the API's 5xx rate, with a minimum of traffic", async () => {
    const recording = await deploy("production", { ALARM_EMAIL: "ops@example.org" });
    const api = ofType(recording, "aws:cloudwatch:MetricAlarm").find((alarm) => alarm.name === "ApiErrorRateAlarm");
    expect(api?.args).toMatchObject({
      name: "rahcp-production-api-5xx-rate",
      comparisonOperator: "GreaterThanThreshold",
      threshold: API_5XX_PERCENT,
      evaluationPeriods: 1,
      metricQueries: [
        { id: "errors", returnData: false, metric: { namespace: "AWS/ApiGateway", metricName: "5xx", dimensions: { ApiId: "Api-api-id" }, stat: "Sum", period: 300 } },
        { id: "requests", returnData: false, metric: { namespace: "AWS/ApiGateway", metricName: "Count", dimensions: { ApiId: "Api-api-id" }, stat: "Sum", period: 300 } },
        { id: "rate", returnData: true, expression: `IF(requests >= ${API_5XX_MIN_REQUESTS}, 100 * errors / requests, 0)` },
      ],
    });
  });

  it("watch every function's errors and throttles, by the function SST created for the route", async () => {
    const recording = await deploy("pr-42", { ALARM_EMAIL: "dev@example.org" });
    const alarms = ofType(recording, "aws:cloudwatch:MetricAlarm");
    expect(alarms).toHaveLength(1 + 2 * definitions.length);
    for (const route of definitions) {
      for (const [metricName, suffix] of [["Errors", "errors"], ["Throttles", "throttles"]] as const) {
        const alarm = alarms.find((a) => a.args["name"] === `rahcp-pr-42-${route.name}-${suffix}`);
        expect(alarm, `${route.key} ${metricName}`).toBeDefined();
        expect(alarm!.args).toMatchObject({
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          threshold: 1,
          metricQueries: [
            { returnData: true, metric: { namespace: "AWS/Lambda", metricName, dimensions: { FunctionName: `rahcp-pr-42-${route.name}-function` }, stat: "Sum" } },
          ],
        });
        expect(alarm!.args["alarmDescription"]).toContain(route.key);
      }
    }
    expect(new Set(alarms.map((a) => a.name)).size).toBe(alarms.length);
  });

  it("reject an ALARM_EMAIL that is not an address", async () => {
    await expect(deploy("production", { ALARM_EMAIL: "ops@example.org,pager" })).rejects.toThrow(/ALARM_EMAIL: "pager" is not an e-mail address/);
  });
});
