import type { Bundle } from "../scripts/build-functions";
import type { S3Backend } from "./lib/backend";
import type { BenchIssuer } from "./lib/issuer";
import type { LoopbackCert } from "../kit/tls";
import type { Fixture } from "./lib/operations";

export type Mode = "full" | "smoke";

/** How much each measurement does: the full benchmark, or the smoke run of `npm test` (each once). */
export interface Params {
  coldRuns: number;
  warmIterations: number;
  /** Create/delete make a bucket per iteration: fewer of them. */
  warmBucketIterations: number;
  warmWarmup: number;
  jwtIterations: number;
  workRequests: number;
  throughputSeconds: number;
  /** Smoke: a fixed number of requests per load run instead of a duration. */
  throughputRequests: number | undefined;
  scaleVersions: number;
  scalePageSize: number;
  scaleBuckets: number;
  soakRequests: number;
  soakConcurrency: number;
  /** Fresh `rahcp` processes per command (and `node -e 0` floor runs). */
  cliRuns: number;
  /** Force delete against the bare SDK loop: rounds (two buckets each) and what each bucket holds. */
  forceRounds: number;
  forceKeys: number;
  forceVersionsPerKey: number;
  forceDeleteMarkers: number;
  forceUploads: number;
}

export const PARAMS: Record<Mode, Params> = {
  full: {
    coldRuns: 20,
    warmIterations: 600,
    warmBucketIterations: 150,
    warmWarmup: 30,
    jwtIterations: 5_000,
    workRequests: 30,
    throughputSeconds: 2,
    throughputRequests: undefined,
    scaleVersions: 10_000,
    scalePageSize: 500,
    scaleBuckets: 1_000,
    soakRequests: 20_000,
    soakConcurrency: 64,
    cliRuns: 20,
    forceRounds: 3,
    forceKeys: 1_000,
    forceVersionsPerKey: 3,
    forceDeleteMarkers: 300,
    forceUploads: 2,
  },
  smoke: {
    coldRuns: 1,
    warmIterations: 1,
    warmBucketIterations: 1,
    warmWarmup: 1,
    jwtIterations: 1,
    workRequests: 1,
    throughputSeconds: 1,
    throughputRequests: 5,
    scaleVersions: 40,
    scalePageSize: 10,
    scaleBuckets: 6,
    soakRequests: 60,
    soakConcurrency: 8,
    cliRuns: 1,
    forceRounds: 1,
    forceKeys: 10,
    forceVersionsPerKey: 2,
    forceDeleteMarkers: 3,
    forceUploads: 1,
  },
};

export interface BenchContext {
  mode: Mode;
  params: Params;
  seed: number;
  backend: S3Backend;
  issuer: BenchIssuer;
  fixture: Fixture;
  /** Where this run's bundles go. */
  outDir: string;
  functions: Map<string, Bundle>;
  /** Bare-SDK baselines by handler name, plus "floor". */
  baselines: Map<string, Bundle>;
  /** list-buckets built with the AWS SDK left external (as if the Lambda runtime provided it). */
  runtimeSdk: Bundle;
  /** Self-signed loopback certificate (issuer and TLS proxy), when openssl is available. */
  cert: LoopbackCert | undefined;
  /** Environment of a function container: backend + issuer. */
  functionEnv: Record<string, string>;
  /** Environment of the local server's process (bench/lib/local-server): the backend, or none for its embedded store. */
  serverEnv: Record<string, string>;
  log(line: string): void;
}
