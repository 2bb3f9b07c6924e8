import { describe, expect, it } from "vitest";
import { bucketPath } from "../api-client";
import type { ContractContext } from "../context";

/** GET/PUT …/versioning. */
export function versioningContract(ctx: ContractContext): void {
  describe("versioning", () => {
    const get = (bucket: string) => ctx.api.ok("getVersioning", bucketPath(bucket, "/versioning"));

    it("reports status null on a bucket where versioning was never enabled", async () => {
      const bucket = await ctx.createBucket("ver-never");
      expect(await get(bucket)).toEqual({ status: null, mfa_delete: null });
    });

    it("can be Suspended without ever being Enabled", async () => {
      const bucket = await ctx.createBucket("ver-suspend-first");
      await ctx.setVersioning(bucket, "Suspended");
      expect(await get(bucket)).toEqual({ status: "Suspended", mfa_delete: "Disabled" });
    });

    it("goes Enabled, then Suspended, then Enabled again", async () => {
      const bucket = await ctx.createBucket("ver-cycle");
      for (const status of ["Enabled", "Suspended", "Enabled"] as const) {
        const body = await ctx.api.ok("setVersioning", bucketPath(bucket, "/versioning"), { json: { status } });
        expect(body).toEqual({ status: "updated", versioning: status });
        // MFA delete reads Disabled once versioning has been configured (as Ceph RGW reports it).
        expect(await get(bucket)).toEqual({ status, mfa_delete: "Disabled" });
      }
    });

    it("answers 400 to any other status and leaves versioning as it was", async () => {
      const bucket = await ctx.createVersionedBucket("ver-invalid");
      for (const json of [{ status: "enabled" }, { status: "Disabled" }, { status: "" }, { status: null }, { status: true }, {}, { status: "Enabled", mfa_delete: "Enabled" }]) {
        await ctx.api.fails("PUT", bucketPath(bucket, "/versioning"), 400, "ValidationError", { json });
      }
      expect(await get(bucket)).toEqual({ status: "Enabled", mfa_delete: "Disabled" });
    });

    it("answers 404 NoSuchBucket for a missing bucket, reading or writing", async () => {
      const bucket = ctx.name("ver-missing");
      const read = await ctx.api.fails("GET", bucketPath(bucket, "/versioning"), 404, "NoSuchBucket");
      expect(read.detail).toContain(bucket);
      await ctx.api.fails("PUT", bucketPath(bucket, "/versioning"), 404, "NoSuchBucket", { json: { status: "Enabled" } });
      const head = await ctx.api.call("HEAD", bucketPath(bucket));
      expect(head.status).toBe(404); // setting versioning never creates the bucket
    });
  });
}
