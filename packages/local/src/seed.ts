import { CreateMultipartUploadCommand, DeleteObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { createHcpS3Client, DEFAULT_TENANT, s3Tuning, StoreError, type BucketStore } from "@rahcp/core";
import { forEachLimited } from "@rahcp/core/concurrency";
import type { SeedPlan } from "./seed-args";
import { UsageError } from "./token-args";
import { selectTenants } from "./store-selection";

/**
 * `npm run seed`: test data written through the backend `npm start` would use. Bucket operations go
 * through the API's own store (the same BucketStore the handlers get); objects, delete markers and
 * multipart uploads, which the API never writes, through the backend's own object calls: the
 * embedded store's methods, or a plain S3 client with the tenant's connection in HCP's dialect.
 */
export interface SeedTarget {
  /** Where the data goes, e.g. "embedded store (.data/store), tenant default". */
  description: string;
  store: BucketStore;
  objects: ObjectWriter;
  close(): Promise<void>;
}

export interface ObjectWriter {
  putObject(bucket: string, key: string, body: string): Promise<void>;
  /** DeleteObject without a version id: a delete marker on a versioned bucket. */
  addDeleteMarker(bucket: string, key: string): Promise<void>;
  createUpload(bucket: string, key: string): Promise<void>;
  /** Writes in flight at once (the embedded store runs one bucket's mutations in turn anyway). */
  concurrency: number;
}

/** Opens the backend `npm start` would serve for `tenant` (the implicit one when undefined). */
export async function openSeedTarget(dataDir: string, tenant: string | undefined): Promise<SeedTarget> {
  const selected = await selectTenants(dataDir);
  try {
    if (selected.kind === "embedded") {
      const name = tenant ?? DEFAULT_TENANT;
      const store = await selected.directory.storeFor(name);
      return {
        description: `${store.description}, tenant ${name}`,
        store,
        objects: {
          putObject: async (bucket, key, body) => void (await store.putObject(bucket, key, body)),
          addDeleteMarker: async (bucket, key) => void (await store.deleteObject(bucket, key)),
          createUpload: async (bucket, key) => void (await store.createMultipartUpload(bucket, key)),
          concurrency: 8,
        },
        close: () => selected.close(),
      };
    }
    const { directory, connections } = selected;
    const name = tenant ?? directory.implicitTenant;
    if (name === undefined) throw new UsageError(`HCP_TENANTS serves several tenants (${directory.tenants.join(", ")}): name one with --tenant`);
    const connection = connections.get(name);
    if (!connection) throw new UsageError(`--tenant ${name} is not configured: HCP_TENANTS / HCP_ENDPOINT serve ${directory.tenants.join(", ")}`);
    // The tenant's settings exactly as S3TenantDirectory builds its client from them.
    const tuning = s3Tuning();
    const client = createHcpS3Client({ ...tuning, ...connection, region: connection.region ?? tuning.region });
    const store = directory.storeFor(name);
    return {
      description: `${store.description}, tenant ${name}`,
      store,
      objects: {
        putObject: async (Bucket, Key, Body) => void (await client.send(new PutObjectCommand({ Bucket, Key, Body }))),
        addDeleteMarker: async (Bucket, Key) => void (await client.send(new DeleteObjectCommand({ Bucket, Key }))),
        createUpload: async (Bucket, Key) => void (await client.send(new CreateMultipartUploadCommand({ Bucket, Key }))),
        concurrency: 16,
      },
      close: async () => {
        client.destroy();
        await selected.close();
      },
    };
  } catch (error) {
    await selected.close();
    throw error;
  }
}

export interface SeedSummary {
  bucketCreated: boolean;
  /** Versioning was off (or suspended) and this run turned it on. */
  versioningEnabled: boolean;
  objects: number;
  versionsWritten: number;
  deleteMarkers: number;
  uploads: number;
}

/** Keys sort in the order they were written: zero-padded to at least 4 digits. */
export function seedKey(prefix: string, kind: "object" | "upload", index: number, total: number): string {
  return `${prefix}${kind}-${String(index).padStart(Math.max(4, String(total).length), "0")}`;
}

/**
 * Creates the bucket unless it exists, turns versioning on when versions or delete markers are
 * asked for, then writes every object's first version, every object's second, …, the delete
 * markers on the first objects and the uploads. `progress` gets the writes done so far.
 */
export async function seed(target: SeedTarget, plan: SeedPlan, progress: (done: number, total: number) => void = () => undefined): Promise<SeedSummary> {
  const { store, objects } = target;
  const { bucket } = plan;
  const bucketCreated = await store.createBucket(bucket).then(
    () => true,
    (error: unknown) => {
      if (error instanceof StoreError && error.code === "BucketAlreadyOwnedByYou") return false;
      throw error;
    },
  );
  let versioningEnabled = false;
  if (plan.versions > 1 || plan.deleteMarkers > 0) {
    if ((await store.getVersioning(bucket)).status !== "Enabled") {
      await store.putVersioning(bucket, "Enabled");
      versioningEnabled = true;
    }
  }

  const total = plan.objects * plan.versions + plan.deleteMarkers + plan.uploads;
  let done = 0;
  const step = async (write: Promise<void>) => {
    await write;
    progress(++done, total);
  };
  const key = (i: number) => seedKey(plan.prefix, "object", i + 1, plan.objects);
  const puts = Array.from({ length: plan.objects * plan.versions }, (_, i) => i);
  await forEachLimited(puts, objects.concurrency, async (i) => {
    const version = Math.floor(i / plan.objects) + 1;
    const k = key(i % plan.objects);
    await step(objects.putObject(bucket, k, `seed object ${k}, version ${version}\n`));
  });
  const markers = Array.from({ length: plan.deleteMarkers }, (_, i) => i);
  await forEachLimited(markers, objects.concurrency, (i) => step(objects.addDeleteMarker(bucket, key(i))));
  const uploads = Array.from({ length: plan.uploads }, (_, i) => seedKey(plan.prefix, "upload", i + 1, plan.uploads));
  await forEachLimited(uploads, objects.concurrency, (k) => step(objects.createUpload(bucket, k)));
  return { bucketCreated, versioningEnabled, objects: plan.objects, versionsWritten: puts.length, deleteMarkers: plan.deleteMarkers, uploads: plan.uploads };
}
