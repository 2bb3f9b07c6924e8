import { GetBucketAclCommand } from "@aws-sdk/client-s3";
import { bareHandler, type BareCall } from "./bare-handler";

/** Bare-SDK baseline of get-acl: GetBucketAcl. */
const call: BareCall = (client, request) =>
  client.send(new GetBucketAclCommand({ Bucket: request.bucket }));

export const handler = bareHandler(call);
