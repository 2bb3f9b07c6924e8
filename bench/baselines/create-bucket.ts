import { CreateBucketCommand, HeadBucketCommand } from "@aws-sdk/client-s3";
import { bareHandler, type BareCall } from "./bare-handler";

/**
 * Bare-SDK baseline of create-bucket: the same two calls the API's S3 store makes (HeadBucket, as
 * S3 answers 200 to re-creating one's own bucket, then CreateBucket).
 */
const call: BareCall = async (client, request) => {
  await client.send(new HeadBucketCommand({ Bucket: request.bucket })).catch(() => undefined);
  return client.send(new CreateBucketCommand({ Bucket: request.bucket }));
};

export const handler = bareHandler(call);
