import { GetBucketVersioningCommand } from "@aws-sdk/client-s3";
import { bareHandler, type BareCall } from "./bare-handler";

/** Bare-SDK baseline of get-versioning: GetBucketVersioning. */
const call: BareCall = (client, request) =>
  client.send(new GetBucketVersioningCommand({ Bucket: request.bucket }));

export const handler = bareHandler(call);
