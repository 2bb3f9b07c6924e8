import { join } from "node:path";
import { createHcpS3Client, S3BucketStore, s3Settings, type BucketStore } from "@rahcp/core";

export interface SelectedStore {
  store: BucketStore;
  /** "s3" when HCP_ENDPOINT points at a real S3 server, "embedded" for the file-backed default. */
  kind: "s3" | "embedded";
  close(): Promise<void>;
}

/**
 * HCP_ENDPOINT (with its key pair) selects the real S3 adapter, exactly as deployed; otherwise the
 * embedded file-backed store under `<dataDir>/store` serves, so a fresh clone needs nothing else.
 */
export async function selectStore(dataDir: string): Promise<SelectedStore> {
  const settings = s3Settings();
  if (settings.endpoint) {
    if (!settings.accessKeyId || !settings.secretAccessKey) {
      throw new Error("HCP_ENDPOINT is set: also set HCP_ACCESS_KEY_ID and HCP_SECRET_ACCESS_KEY");
    }
    // Built like core's bucketStore(): that registry slot is taken by the local server's own store.
    const client = createHcpS3Client(settings);
    const store = new S3BucketStore(client, settings.endpoint, settings.budgetMs);
    return { store, kind: "s3", close: async () => client.destroy() };
  }
  const { EmbeddedBucketStore } = await import("./embedded-store");
  const store = await EmbeddedBucketStore.open(join(dataDir, "store"));
  return { store, kind: "embedded", close: () => store.close() };
}
