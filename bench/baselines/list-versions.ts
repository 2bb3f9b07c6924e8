import { ListObjectVersionsCommand } from "@aws-sdk/client-s3";
import { bareHandler, type BareCall } from "./bare-handler";

/** Bare-SDK baseline of list-versions: ListObjectVersions (one page of up to 1000). */
const call: BareCall = (client, request) =>
  client.send(new ListObjectVersionsCommand({ Bucket: request.bucket, MaxKeys: 1000 }));

export const handler = bareHandler(call);
