import { ListMultipartUploadsCommand } from "@aws-sdk/client-s3";
import { bareHandler, type BareCall } from "./bare-handler";

/** Bare-SDK baseline of list-uploads: ListMultipartUploads. */
const call: BareCall = (client, request) =>
  client.send(new ListMultipartUploadsCommand({ Bucket: request.bucket }));

export const handler = bareHandler(call);
