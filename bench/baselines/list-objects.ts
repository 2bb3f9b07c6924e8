import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { bareHandler, type BareCall } from "./bare-handler";

/** Bare-SDK baseline of list-objects: ListObjectsV2 (one page of up to 1000). */
const call: BareCall = (client, request) =>
  client.send(new ListObjectsV2Command({ Bucket: request.bucket, MaxKeys: 1000 }));

export const handler = bareHandler(call);
