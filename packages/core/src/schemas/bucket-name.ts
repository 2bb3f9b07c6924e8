import * as z from "zod/mini";
import { bucketNameProblem } from "../bucket-name";

/** The bucket name, validated with the S3 naming rules before any backend call. */

export const BucketName = z.string().check(
  z.superRefine((name, ctx) => {
    const problem = bucketNameProblem(name);
    if (problem) ctx.addIssue({ code: "custom", message: `bucket name ${problem}`, input: name });
  }),
);

export const BucketParams = z.strictObject({ bucket: BucketName });
