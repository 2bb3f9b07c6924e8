import { PutBucketVersioningCommand } from "@aws-sdk/client-s3";
import { bareHandler, type BareCall } from "./bare-handler";

/** Bare-SDK baseline of set-versioning: PutBucketVersioning. */
const call: BareCall = (client, request) =>
  client.send(
    new PutBucketVersioningCommand({
      Bucket: request.bucket,
      VersioningConfiguration: { Status: request.body["status"] as "Enabled" | "Suspended" },
    }),
  );

export const handler = bareHandler(call);
