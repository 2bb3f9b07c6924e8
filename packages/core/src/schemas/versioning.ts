import * as z from "zod/mini";

/** Versioning status values and the set-versioning request body. */

export const VersioningStatusSchema = z.enum(["Enabled", "Suspended"], {
  error: "status must be \"Enabled\" or \"Suspended\"",
});

export const SetVersioningRequest = z.strictObject({ status: VersioningStatusSchema });
