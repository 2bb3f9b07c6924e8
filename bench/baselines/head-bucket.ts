import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { bareHandler, type BareCall } from "./bare-handler";

/** Bare-SDK baseline of head-bucket: HeadBucket. */
const call: BareCall = (client, request) =>
  client.send(new HeadBucketCommand({ Bucket: request.bucket }));

export const handler = bareHandler(call);
