import { defineBucketApiContract } from "./bucket-api.contract";
import { embeddedBackend } from "./embedded-backend";

/** The contract against the embedded store: always runs, needs nothing but this process. */
defineBucketApiContract("embedded store", embeddedBackend);
