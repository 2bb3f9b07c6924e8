import { answer, ApiError, endpoint } from "@rahcp/core";
import { ANSWER_MARGIN_MS, forceDeleteBudgetMs } from "@rahcp/core/config";
import { forceDelete, type ForceDeleteOutcome } from "@rahcp/core/force-delete";
import { deleteBucket } from "@rahcp/core/routes/delete-bucket";

/** Keys named in a 409 (the detail stays short whatever remains). */
const LISTED_KEYS = 5;

function blocked(bucket: string, outcome: Extract<ForceDeleteOutcome, { kind: "blocked" }>): ApiError {
  const count = outcome.failed.length;
  const listed = outcome.failed
    .slice(0, LISTED_KEYS)
    .map((f) => `'${f.key.slice(0, 200)}' (version ${f.versionId}): ${f.code}`)
    .join(", ");
  const more = count > LISTED_KEYS ? ` and ${count - LISTED_KEYS} more` : "";
  return new ApiError(
    409,
    "BucketNotEmpty",
    `Bucket '${bucket}' is not empty: ${count} version${count === 1 ? "" : "s"} could not be deleted ` +
      `(object-lock retention, a legal hold or missing permission): ${listed}${more}. Everything else was deleted; the bucket stays.`,
  );
}

/**
 * DELETE /api/v1/buckets/{bucket} — delete an empty bucket (409 when it still holds anything), or
 * with `force=true` empty it first, in batches that fit this request's time (202 until done).
 */
export const handler = endpoint(deleteBucket, async ({ params, query, store, remainingTimeMs, audit }) => {
  if (query.force !== "true") {
    await store.deleteBucket(params.bucket);
    return { status: "deleted" as const, bucket: params.bucket };
  }
  const started = Date.now();
  const outcome = await forceDelete(store, params.bucket, {
    budgetEnd: started + forceDeleteBudgetMs(),
    hardDeadline: started + remainingTimeMs() - ANSWER_MARGIN_MS,
  });
  audit({ deleted: outcome.deleted, outcome: outcome.kind });
  switch (outcome.kind) {
    case "deleted":
      return { status: "deleted" as const, bucket: params.bucket, deleted: outcome.deleted };
    case "emptying":
      return answer(202, { status: "emptying" as const, bucket: params.bucket, deleted: outcome.deleted, remaining: true as const });
    case "blocked":
      throw blocked(params.bucket, outcome);
    case "deletion-records":
      throw new ApiError(
        409,
        "BucketNotEmpty",
        `HCP still answers that bucket '${params.bucket}' is not empty although no object version, delete marker or multipart upload is left: ` +
          "HCP keeps deletion records until they are pruned (a namespace setting in HCP's management API). Try again once they are.",
      );
  }
});
