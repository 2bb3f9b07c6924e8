import { parseArgs } from "node:util";
import { bucketNameProblem, tenantNameProblem } from "@rahcp/core";
import { UsageError } from "./token-args";

export { UsageError };

export const SEED_USAGE = `Usage: npm run seed -- BUCKET [--objects N] [--versions V] [--prefix P]
                       [--delete-markers M] [--uploads U] [--tenant T]

Development only: writes test data into BUCKET (created if needed) through the backend
npm start would use: the embedded store under RAHCP_DATA_DIR (default .data/), or
HCP_TENANTS / HCP_ENDPOINT's S3. Stop a running npm start first: it owns the embedded store.

  --objects N         objects to write, keys <P>object-0001, <P>object-0002, … (default 100)
  --versions V        versions of each object (default 1); more than 1 turns versioning on
  --prefix P          prefix of every key, e.g. "logs/2024/" (default: none)
  --delete-markers M  delete markers on the first M objects (default 0; at most N); turns
                      versioning on, so the objects' versions stay listed
  --uploads U         in-progress multipart uploads, keys <P>upload-0001, … (default 0)
  --tenant T          the tenant's bucket namespace (default: "default" for the embedded
                      store, the only tenant of HCP_TENANTS / HCP_ENDPOINT)
  -h, --help          show this help

Running it again adds versions on a versioned bucket and overwrites otherwise.
Example: npm run seed -- demo --objects 2500 --versions 3 --delete-markers 100 --uploads 2`;

export interface SeedPlan {
  bucket: string;
  objects: number;
  versions: number;
  prefix: string;
  deleteMarkers: number;
  uploads: number;
  tenant: string | undefined;
}

export type SeedArgs = { help: true } | ({ help: false } & SeedPlan);

const LIMITS = { objects: 1_000_000, versions: 1_000, uploads: 10_000 } as const;
/** S3 keys are at most 1024 bytes: room for the generated part ("object-1000000"). */
const MAX_PREFIX_BYTES = 1_000;

function count(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
  }
  return value;
}

export function parseSeedArgs(argv: readonly string[]): SeedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        objects: { type: "string" },
        versions: { type: "string" },
        prefix: { type: "string" },
        "delete-markers": { type: "string" },
        uploads: { type: "string" },
        tenant: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? "name the bucket to seed" : `one bucket at a time, not ${positionals.length} (${positionals.join(", ")})`);
  }
  const bucket = positionals[0]!;
  const bucketProblem = bucketNameProblem(bucket);
  if (bucketProblem) throw new UsageError(`bucket name "${bucket}": ${bucketProblem}`);
  const objects = count("objects", values.objects, 100, 0, LIMITS.objects);
  const versions = count("versions", values.versions, 1, 1, LIMITS.versions);
  const deleteMarkers = count("delete-markers", values["delete-markers"], 0, 0, LIMITS.objects);
  if (deleteMarkers > objects) throw new UsageError(`--delete-markers ${deleteMarkers} is more than the ${objects} objects to write`);
  const uploads = count("uploads", values.uploads, 0, 0, LIMITS.uploads);
  const prefix = values.prefix ?? "";
  if (Buffer.byteLength(prefix, "utf8") > MAX_PREFIX_BYTES) throw new UsageError(`--prefix is longer than ${MAX_PREFIX_BYTES} bytes (S3 keys are at most 1024)`);
  const tenant = values.tenant;
  if (tenant !== undefined) {
    const tenantProblem = tenantNameProblem(tenant);
    if (tenantProblem) throw new UsageError(`--tenant "${tenant}": ${tenantProblem}`);
  }
  return { help: false, bucket, objects, versions, prefix, deleteMarkers, uploads, tenant };
}
