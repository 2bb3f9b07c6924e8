import { afterAll, beforeAll, describe } from "vitest";
import type { BackendFactory } from "./backend";
import { ContractContext } from "./context";
import { aclContract } from "./sections/acl";
import { authContract } from "./sections/auth";
import { bucketLifecycleContract } from "./sections/buckets";
import { forceDeleteContract } from "./sections/force-delete";
import { objectsContract } from "./sections/objects";
import { versioningContract } from "./sections/versioning";
import { versionsContract } from "./sections/versions";

/**
 * The bucket API's contract, driven over HTTP through the local server exactly as a client would,
 * against whatever backend the factory builds. The same assertions run against every backend, so
 * any behaviour a client could observe (statuses, codes, body shapes, ordering) must be identical.
 */
export function defineBucketApiContract(label: string, factory: BackendFactory): void {
  describe(`bucket API contract (${label})`, () => {
    const ctx = new ContractContext();

    beforeAll(async () => {
      await ctx.start(await factory());
    });

    afterAll(() => ctx.finish());

    bucketLifecycleContract(ctx);
    versioningContract(ctx);
    versionsContract(ctx);
    objectsContract(ctx);
    aclContract(ctx);
    forceDeleteContract(ctx);
    authContract(ctx);
  });
}
