import * as z from "zod/mini";
import * as s from "@rahcp/core/schemas";
import { bucketNameMetadata } from "./bucket-name-schema";
import { isJsonObject, refsIn, type JsonObject } from "./json";

/**
 * Which side of zod a component is documented from: what clients may send (`input`: defaults
 * optional, coercion accepted) or what the API returns (`output`).
 */
export type Io = "input" | "output";

type Schema = z.ZodMiniType;

interface NamedSchema {
  readonly id: string;
  readonly schema: Schema;
  readonly io: Io;
  readonly meta?: JsonObject;
}

/** The named component schemas of the document. Sub-schemas named here become `$ref`s wherever they are used. */
export const NAMED_SCHEMAS: readonly NamedSchema[] = [
  // Requests
  { id: "BucketName", schema: s.BucketName, io: "input", meta: bucketNameMetadata },
  { id: "CreateBucketRequest", schema: s.CreateBucketRequest, io: "input" },
  { id: "VersioningStatus", schema: s.VersioningStatusSchema, io: "input" },
  { id: "SetVersioningRequest", schema: s.SetVersioningRequest, io: "input" },
  { id: "AclPermission", schema: s.AclPermissionSchema, io: "input" },
  { id: "Grantee", schema: s.Grantee, io: "input", meta: { description: "Who a grant applies to; `Type` selects the identifying field." } },
  { id: "Grant", schema: s.Grant, io: "input" },
  { id: "Owner", schema: s.Owner, io: "input" },
  {
    id: "AclPolicy",
    schema: s.AclPolicy,
    io: "input",
    meta: { description: "A complete access control policy: it replaces the bucket's owner and grants." },
  },
  {
    id: "SetAclRequest",
    schema: s.SetAclRequest,
    io: "input",
    meta: { description: "The policy to set, in S3's spelling (`AclPolicy`) or as `GET …/acl` answers it (`AclResponse`)." },
  },
  // Responses
  {
    id: "ErrorResponse",
    schema: s.ErrorResponse,
    io: "output",
    meta: {
      description:
        "Every error: a human-readable `detail`, a machine-readable `code` and the `request_id` to quote when reporting a problem.",
    },
  },
  { id: "BucketSummary", schema: s.BucketSummary, io: "output" },
  { id: "ListBucketsResponse", schema: s.ListBucketsResponse, io: "output" },
  { id: "BucketMutationResponse", schema: s.BucketMutationResponse, io: "output" },
  {
    id: "DeleteBucketResponse",
    schema: s.DeleteBucketResponse,
    io: "output",
    meta: { description: "The bucket is deleted; with `force=true`, `deleted` counts the versions and delete markers this call removed." },
  },
  {
    id: "ForceDeleteProgress",
    schema: s.ForceDeleteProgress,
    io: "output",
    meta: { description: "A force delete ran out of this request's time before the bucket was empty: repeat the call to continue." },
  },
  { id: "BucketVersioningResponse", schema: s.BucketVersioningResponse, io: "output" },
  { id: "VersioningMutationResponse", schema: s.VersioningMutationResponse, io: "output" },
  { id: "ObjectVersion", schema: s.ObjectVersion, io: "output" },
  { id: "DeleteMarker", schema: s.DeleteMarker, io: "output" },
  { id: "ListVersionsResponse", schema: s.ListVersionsResponse, io: "output" },
  { id: "ObjectSummary", schema: s.ObjectSummary, io: "output" },
  { id: "ListObjectsResponse", schema: s.ListObjectsResponse, io: "output" },
  { id: "MultipartUploadSummary", schema: s.MultipartUploadSummary, io: "output" },
  { id: "ListUploadsResponse", schema: s.ListUploadsResponse, io: "output" },
  {
    id: "AclResponse",
    schema: s.AclResponse,
    io: "output",
    meta: { description: "The bucket's owner and grants; set-ACL takes this shape back as it is." },
  },
  {
    id: "EffectiveGrant",
    schema: s.EffectiveGrant,
    io: "output",
    meta: { description: "What the caller may do on which buckets of a tenant, and the policy rule that grants it (null: the scopes alone, no policy)." },
  },
  { id: "MeResponse", schema: s.MeResponse, io: "output" },
];

const COMPONENT_REF = "#/components/schemas/";
export const componentRef = (id: string) => ({ $ref: `${COMPONENT_REF}${id}` });

type Meta = { id?: string } & JsonObject;

function clarify({ jsonSchema }: { jsonSchema: object }): void {
  const json = jsonSchema as JsonObject;
  // zod writes integers checked with multipleOf(1) as numbers; say what they are.
  if (json["type"] === "number" && json["multipleOf"] === 1) {
    json["type"] = "integer";
    delete json["multipleOf"];
  }
  // zod's RFC 3339 regex restates `format: date-time`, and tools would build example values from it.
  if (json["format"] === "date-time") delete json["pattern"];
}

/** Standalone-schema keywords that have no place inside an OpenAPI components section. */
function embeddable(schema: unknown): JsonObject {
  if (!isJsonObject(schema)) throw new Error("zod produced a non-object JSON Schema");
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}

export interface ConvertedSchemas {
  /** The `components.schemas` section, referencing each other with `$ref`. */
  readonly components: Record<string, JsonObject>;
  /** The component id of a named schema; throws for a schema that was not named. */
  nameOf(schema: Schema): string;
  /** Input JSON Schema of an unnamed object schema (path and query parameters). */
  inputOf(schema: Schema): JsonObject;
}

/**
 * Converts the named schemas (and the given unnamed parameter schemas) with zod's JSON Schema
 * generator, each from the side it documents. A component used from the other side must convert
 * identically both ways, or the document would describe it wrongly for one of them.
 */
export function convertSchemas(parameterSchemas: readonly Schema[]): ConvertedSchemas {
  const registry = z.registry<Meta>();
  const ioOf = new Map<string, Io>();
  for (const named of NAMED_SCHEMAS) {
    if (registry.has(named.schema)) throw new Error(`schema for ${named.id} is named twice`);
    registry.add(named.schema, { ...named.meta, id: named.id });
    ioOf.set(named.id, named.io);
  }
  const parameterIds = new Map<Schema, string>();
  for (const schema of parameterSchemas) {
    if (registry.has(schema) || parameterIds.has(schema)) continue;
    const id = `parameters_${parameterIds.size}`;
    registry.add(schema, { id });
    parameterIds.set(schema, id);
  }

  const convert = (io: Io) => {
    const { schemas } = z.toJSONSchema(registry, {
      io,
      metadata: registry,
      uri: (id) => `${COMPONENT_REF}${id}`,
      override: clarify,
    });
    return (id: string) => embeddable(schemas[id]);
  };
  const sides = { input: convert("input"), output: convert("output") };

  const components: Record<string, JsonObject> = {};
  for (const named of NAMED_SCHEMAS) components[named.id] = sides[named.io](named.id);

  for (const [id, schema] of Object.entries(components)) {
    for (const ref of refsIn(schema)) {
      if (!ref.startsWith(COMPONENT_REF)) throw new Error(`${id} has an unexpected $ref ${ref}`);
      const target = ref.slice(COMPONENT_REF.length);
      const targetIo = ioOf.get(target);
      if (targetIo === undefined) throw new Error(`${id} refers to ${target}, which is not a named component`);
      const sameBothWays = JSON.stringify(sides.input(target)) === JSON.stringify(sides.output(target));
      if (targetIo !== ioOf.get(id) && !sameBothWays) {
        throw new Error(`${target} is used by ${id} but its JSON Schema differs between request and response; name two components`);
      }
    }
  }

  return {
    components,
    nameOf(schema) {
      const id = registry.get(schema)?.id;
      if (id === undefined || !ioOf.has(id)) throw new Error("request and response bodies must be named component schemas (components.ts)");
      return id;
    },
    inputOf(schema) {
      const id = parameterIds.get(schema);
      if (id === undefined) throw new Error("parameter schema was not passed to convertSchemas");
      return sides.input(id);
    },
  };
}
