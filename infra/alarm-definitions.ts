/**
 * The CloudWatch alarms of one stage, as plain data (no SST globals): infra/alarms.ts creates them
 * when the stage has an ALARM_EMAIL, and the tests read them per stage. Generic in the id values:
 * the API id and function names are Pulumi outputs at deploy time and plain strings in tests.
 */

/** Every alarm looks at 5-minute sums and fires on the first bad period. */
export const ALARM_PERIOD_SECONDS = 300;
/** The API alarm fires when more than this share (%) of a period's responses are 5xx… */
export const API_5XX_PERCENT = 5;
/** …counted once the period has this many requests, so two failed calls in a quiet hour page nobody. */
export const API_5XX_MIN_REQUESTS = 20;

export interface AlarmTargets<V> {
  readonly app: string;
  readonly stage: string;
  /** The HTTP API's id (the ApiId dimension of API Gateway's metrics). */
  readonly apiId: V;
  readonly functions: readonly {
    /** The route declaration's id, e.g. "listBuckets". */
    readonly name: string;
    /** API Gateway route key, e.g. "GET /api/v1/buckets". */
    readonly key: string;
    readonly functionName: V;
  }[];
}

export interface AlarmMetricQuery<V> {
  readonly id: string;
  readonly expression?: string;
  readonly label?: string;
  readonly returnData: boolean;
  readonly metric?: {
    readonly namespace: string;
    readonly metricName: string;
    readonly dimensions: Readonly<Record<string, V>>;
    readonly stat: "Sum";
    readonly period: number;
  };
}

/** The arguments of one aws.cloudwatch.MetricAlarm, without its actions (the stage's topic). */
export interface AlarmArgs<V> {
  /** CloudWatch's alarm name: unique per account and region, hence app and stage in it. */
  readonly name: string;
  readonly alarmDescription: string;
  readonly comparisonOperator: "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold";
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  /** No traffic is not an outage. */
  readonly treatMissingData: "notBreaching";
  readonly metricQueries: readonly AlarmMetricQuery<V>[];
}

export interface AlarmDefinition<V> {
  /** The resource's name in the SST app; stable, since renaming replaces the alarm. */
  readonly resourceName: string;
  readonly args: AlarmArgs<V>;
}

function sum<V>(id: string, namespace: string, metricName: string, dimensions: Record<string, V>): AlarmMetricQuery<V> {
  return { id, returnData: false, metric: { namespace, metricName, dimensions, stat: "Sum", period: ALARM_PERIOD_SECONDS } };
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

const ON_FIRST_BAD_PERIOD = { evaluationPeriods: 1, datapointsToAlarm: 1, treatMissingData: "notBreaching" } as const;

/**
 * One alarm on the API's 5xx rate (HCP unreachable or slow answers 503/504; a failing function
 * 500), and per function one on errors (unhandled exceptions, timeouts, crashes: the handlers turn
 * HCP's errors into responses, so any is a bug) and one on throttles (its reserved concurrency or
 * the account's limit was reached and callers were turned away).
 */
export function alarmDefinitions<V>({ app, stage, apiId, functions }: AlarmTargets<V>): AlarmDefinition<V>[] {
  const prefix = `${app}-${stage}`;
  const minutes = ALARM_PERIOD_SECONDS / 60;
  const api: AlarmDefinition<V> = {
    resourceName: "ApiErrorRateAlarm",
    args: {
      name: `${prefix}-api-5xx-rate`,
      alarmDescription:
        `More than ${API_5XX_PERCENT}% of ${app} ${stage}'s responses were 5xx in ${minutes} minutes (with at least ` +
        `${API_5XX_MIN_REQUESTS} requests): 503/504 mean HCP is unreachable or slow, 500 a failing function. See the API's access log.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: API_5XX_PERCENT,
      ...ON_FIRST_BAD_PERIOD,
      metricQueries: [
        sum("errors", "AWS/ApiGateway", "5xx", { ApiId: apiId }),
        sum("requests", "AWS/ApiGateway", "Count", { ApiId: apiId }),
        {
          id: "rate",
          expression: `IF(requests >= ${API_5XX_MIN_REQUESTS}, 100 * errors / requests, 0)`,
          label: "5xx responses (%)",
          returnData: true,
        },
      ],
    },
  };
  const perFunction = functions.flatMap(({ name, key, functionName }): AlarmDefinition<V>[] => [
    {
      resourceName: `${pascal(name)}ErrorsAlarm`,
      args: {
        name: `${prefix}-${name}-errors`,
        alarmDescription:
          `The function behind ${key} (${app} ${stage}) failed: an unhandled error, a timeout or a crash, not an HCP ` +
          "error (those become responses). See the function's log group.",
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        threshold: 1,
        ...ON_FIRST_BAD_PERIOD,
        metricQueries: [{ ...sum("errors", "AWS/Lambda", "Errors", { FunctionName: functionName }), returnData: true }],
      },
    },
    {
      resourceName: `${pascal(name)}ThrottlesAlarm`,
      args: {
        name: `${prefix}-${name}-throttles`,
        alarmDescription:
          `Lambda turned calls to ${key} (${app} ${stage}) away: the function's reserved concurrency ` +
          "(FUNCTION_RESERVED_CONCURRENCY) or the account's concurrency limit was reached.",
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        threshold: 1,
        ...ON_FIRST_BAD_PERIOD,
        metricQueries: [{ ...sum("throttles", "AWS/Lambda", "Throttles", { FunctionName: functionName }), returnData: true }],
      },
    },
  ]);
  return [api, ...perFunction];
}
