import { expect } from "vitest";
import { ApiClient, BUCKETS } from "./api-client";
import type { ContractBackend } from "./backend";

/**
 * State shared by the contract's sections: the backend (set in the suite's beforeAll, so only read
 * it inside hooks and tests), an API client holding an all-scopes token, and the buckets to clean up.
 */
export class ContractContext {
  private current: ContractBackend | undefined;
  private client: ApiClient | undefined;
  readonly created = new Set<string>();

  async start(backend: ContractBackend): Promise<void> {
    this.current = backend;
    this.client = new ApiClient(backend.url, await backend.mintToken());
  }

  get backend(): ContractBackend {
    if (!this.current) throw new Error("the contract backend did not start (see the beforeAll failure)");
    return this.current;
  }

  get api(): ApiClient {
    if (!this.client) throw new Error("the contract backend did not start (see the beforeAll failure)");
    return this.client;
  }

  /** A bucket name unique to this run, remembered for cleanup whether or not it gets created. */
  name(suffix: string): string {
    const bucket = `${this.backend.bucketPrefix}-${suffix}`;
    this.created.add(bucket);
    return bucket;
  }

  /** Creates a bucket through the API and checks the 201 body. */
  async createBucket(suffix: string): Promise<string> {
    const bucket = this.name(suffix);
    const body = await this.api.ok("createBucket", BUCKETS, { json: { bucket } });
    expect(body).toEqual({ status: "created", bucket });
    return bucket;
  }

  /** Creates a bucket and turns versioning on through the API. */
  async createVersionedBucket(suffix: string): Promise<string> {
    const bucket = await this.createBucket(suffix);
    await this.setVersioning(bucket, "Enabled");
    return bucket;
  }

  async setVersioning(bucket: string, status: "Enabled" | "Suspended"): Promise<void> {
    const body = await this.api.ok("setVersioning", `${BUCKETS}/${bucket}/versioning`, { json: { status } });
    expect(body).toEqual({ status: "updated", versioning: status });
  }

  /** Removes every bucket this run named (best effort), then stops the backend. */
  async finish(): Promise<void> {
    const backend = this.current;
    if (!backend) return;
    try {
      for (const bucket of this.created) await backend.removeBucket(bucket).catch(() => undefined);
    } finally {
      await backend.close();
    }
  }
}
