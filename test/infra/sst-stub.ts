/**
 * Stand-ins for the globals SST gives sst.config.ts and infra/ (`$config`, `$app`, `$dev`, `sst`)
 * that record what infra creates instead of creating it, so tests can compare the real
 * infra code's `api.route(...)` calls with the route declaration.
 */
export interface RecordedRoute {
  readonly rawRoute: string;
  readonly handler: Record<string, unknown>;
  readonly args: Record<string, unknown>;
}

export interface RecordedApi {
  readonly name: string;
  readonly args: Record<string, unknown>;
  readonly routes: RecordedRoute[];
}

export class StubSecret {
  constructor(
    readonly name: string,
    readonly placeholder?: string,
  ) {}
}

export interface SstRecording {
  readonly secrets: StubSecret[];
  readonly apis: RecordedApi[];
}

export function installSstStub(stage: string): SstRecording {
  const recording: SstRecording = { secrets: [], apis: [] };

  class Secret extends StubSecret {
    constructor(name: string, placeholder?: string) {
      super(name, placeholder);
      recording.secrets.push(this);
    }
  }

  class ApiGatewayV2 {
    readonly url: string;
    private readonly recorded: RecordedApi;
    constructor(name: string, args: Record<string, unknown> = {}) {
      this.url = `https://stub.execute-api.invalid/${name}`;
      this.recorded = { name, args, routes: [] };
      recording.apis.push(this.recorded);
    }
    route(rawRoute: string, handler: unknown, args: Record<string, unknown> = {}): void {
      if (typeof handler !== "object" || handler === null) throw new Error(`${rawRoute}: expected function args`);
      this.recorded.routes.push({ rawRoute, handler: handler as Record<string, unknown>, args });
    }
  }

  Object.assign(globalThis, {
    $config: <T>(config: T): T => config,
    $app: { name: "rahcp", stage },
    $dev: false,
    sst: { Secret, aws: { ApiGatewayV2 } },
  });
  return recording;
}
