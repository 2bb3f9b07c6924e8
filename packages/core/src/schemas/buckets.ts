import * as z from "zod/mini";
import { BucketName } from "./bucket-name";

/** Create-bucket request body. */

export const CreateBucketRequest = z.strictObject({ bucket: BucketName });
