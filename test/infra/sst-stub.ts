/**
 * Stand-ins for the globals SST gives sst.config.ts and infra/ (`$config`, `$app`, `$dev`, `sst`,
 * and the Pulumi provider `aws`) that record what infra creates instead of creating it, so tests
 * can compare the real infra code's `api.route(...)` calls with the route declaration and read the
 * alarms a stage gets. Ids and ARNs are strings naming their resource.
 */
export interface RecordedRoute {
  readonly rawRoute: string;
  readonly handler: Record<string, unknown>;
  readonly args: Record<string, unknown>;
}

/** A route that invokes a function another route created (its ARN). */
export interface RecordedSharedRoute {
  readonly rawRoute: string;
  readonly functionArn: string;
  readonly args: Record<string, unknown>;
}

export interface RecordedApi {
  readonly name: string;
  readonly args: Record<string, unknown>;
  /** Routes with a function of their own. */
  readonly routes: RecordedRoute[];
  readonly sharedRoutes: RecordedSharedRoute[];
}

export class StubSecret {
  constructor(
    readonly name: string,
    readonly placeholder?: string,
  ) {}
}

/** A raw Pulumi resource (`new aws.<module>.<Type>(name, args)`). */
export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly args: Record<string, unknown>;
}

export interface SstRecording {
  readonly secrets: StubSecret[];
  readonly apis: RecordedApi[];
  readonly resources: RecordedResource[];
}

export function installSstStub(stage: string): SstRecording {
  const recording: SstRecording = { secrets: [], apis: [], resources: [] };
  const $app = { name: "rahcp", stage };

  /** A Pulumi resource class whose instances record themselves and expose `id` and `arn`. */
  const resource = (type: string) =>
    class {
      readonly id: string;
      readonly arn: string;
      constructor(name: string, args: Record<string, unknown> = {}) {
        recording.resources.push({ type, name, args });
        this.id = `${name}-id`;
        this.arn = `arn:stub:${type}:${name}`;
      }
    };

  class Secret extends StubSecret {
    constructor(name: string, placeholder?: string) {
      super(name, placeholder);
      recording.secrets.push(this);
    }
  }

  class ApiGatewayV2 {
    readonly url: string;
    readonly nodes: { api: { id: string } };
    private readonly recorded: RecordedApi;
    constructor(name: string, args: Record<string, unknown> = {}) {
      this.url = `https://stub.execute-api.invalid/${name}`;
      this.nodes = { api: { id: `${name}-api-id` } };
      this.recorded = { name, args, routes: [], sharedRoutes: [] };
      recording.apis.push(this.recorded);
    }
    /** Like SST's ApiGatewayV2LambdaRoute: the route's function (new, or an existing one's ARN) under `nodes.function`. */
    route(rawRoute: string, handler: unknown, args: Record<string, unknown> = {}) {
      if (typeof handler === "string") {
        if (!handler.startsWith("arn:aws:lambda:")) throw new Error(`${rawRoute}: expected function args or a function ARN`);
        this.recorded.sharedRoutes.push({ rawRoute, functionArn: handler, args });
        const name = handler.slice(handler.lastIndexOf(":") + 1);
        return { nodes: { function: { name, arn: handler } } };
      }
      if (typeof handler !== "object" || handler === null) throw new Error(`${rawRoute}: expected function args`);
      this.recorded.routes.push({ rawRoute, handler: handler as Record<string, unknown>, args });
      const name = `${$app.name}-${$app.stage}-${String(args["name"])}-function`;
      return { nodes: { function: { name, arn: `arn:aws:lambda:eu-north-1:000000000000:function:${name}` } } };
    }
  }
  Object.assign(globalThis, {
    $config: <T>(config: T): T => config,
    $app,
    $dev: false,
    sst: { Secret, aws: { ApiGatewayV2 } },
    aws: {
      sns: { Topic: resource("aws:sns:Topic"), TopicSubscription: resource("aws:sns:TopicSubscription") },
      cloudwatch: { MetricAlarm: resource("aws:cloudwatch:MetricAlarm") },
    },
  });
  return recording;
}

/**
 * What SST hands the config at deploy time for a stage whose single-tenant HCP secrets are set
 * (`SST_SECRET_<Name>`): the deploy refuses a stage that reaches no tenant.
 */
export const SINGLE_TENANT_SECRETS: Readonly<Record<string, string>> = {
  SST_SECRET_HcpEndpoint: "https://tenant.hcp.example.org",
  SST_SECRET_HcpAccessKeyId: "dGVuYW50LWFkbWlu",
  SST_SECRET_HcpSecretAccessKey: "5f4dcc3b5aa765d61d8327deb882cf99",
};
