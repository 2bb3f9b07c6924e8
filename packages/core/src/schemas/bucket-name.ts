import * as z from "zod/mini";
import { bucketNameProblem } from "../bucket-name-rules";
import { bucketNameRules } from "../config";

/** The bucket name, validated with the deployment's naming rules (HCP's by default) before any backend call. */

export const BucketName = z.string().check(
  z.superRefine((name, ctx) => {
    const problem = bucketNameProblem(name, bucketNameRules());
    if (problem) ctx.addIssue({ code: "custom", message: `bucket name ${problem}`, input: name });
  }),
);

export const BucketParams = z.strictObject({ bucket: BucketName });
