import { ListBucketsCommand } from "@aws-sdk/client-s3";
import { bareHandler, type BareCall } from "./bare-handler";

/** Bare-SDK baseline of list-buckets: ListBuckets. */
const call: BareCall = (client) => client.send(new ListBucketsCommand({}));

export const handler = bareHandler(call);
