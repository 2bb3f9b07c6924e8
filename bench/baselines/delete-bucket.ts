import { DeleteBucketCommand } from "@aws-sdk/client-s3";
import { bareHandler, type BareCall } from "./bare-handler";

/** Bare-SDK baseline of delete-bucket: DeleteBucket. */
const call: BareCall = (client, request) =>
  client.send(new DeleteBucketCommand({ Bucket: request.bucket }));

export const handler = bareHandler(call);
