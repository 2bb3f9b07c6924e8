import { PutBucketAclCommand, type AccessControlPolicy } from "@aws-sdk/client-s3";
import { bareHandler, type BareCall } from "./bare-handler";

/** Bare-SDK baseline of set-acl: PutBucketAcl. */
const call: BareCall = (client, request) =>
  client.send(
    new PutBucketAclCommand({ Bucket: request.bucket, AccessControlPolicy: request.body as AccessControlPolicy }),
  );

export const handler = bareHandler(call);
