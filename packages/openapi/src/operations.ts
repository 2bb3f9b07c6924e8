import { MAX_BODY_BYTES } from "@rahcp/core/config";
import { ERROR_CODES, type ErrorCode } from "@rahcp/core/http/error-codes";
import { DEFAULT_SCOPES, scopesGranting, type ScopeNames } from "@rahcp/core/permissions";
import type { PublicRouteSpec, RouteSpec } from "@rahcp/core/routes";
import { DOCS_ASSET_NAMES } from "@rahcp/functions/src/docs-asset-catalog";
import { BUCKET_NAME_RULES } from "./bucket-name-schema";
import { componentRef, type ConvertedSchemas } from "./components";
import { isJsonObject, type JsonObject } from "./json";
import { errorResponse, successResponse } from "./responses";
import { securityOf } from "./security";

export const TAGS = [
  { name: "Buckets", description: "Create, list, check and delete buckets." },
  { name: "Versioning", description: "Bucket versioning status." },
  { name: "Objects", description: "Read-only listings of a bucket's objects and object versions." },
  { name: "ACL", description: "Bucket access control lists." },
  { name: "Access", description: "The caller's identity, tenant and effective grants." },
  { name: "Documentation", description: "This reference and its OpenAPI document (no authentication)." },
] as const;

type Tag = (typeof TAGS)[number]["name"];

function tagOf(path: string): Tag {
  if (path === "/api/v1/me") return "Access";
  if (path.endsWith("/versioning")) return "Versioning";
  if (path.endsWith("/versions") || path.endsWith("/objects") || path.endsWith("/uploads")) return "Objects";
  if (path.endsWith("/acl")) return "ACL";
  return "Buckets";
}

const PATH_PARAMETER_DESCRIPTIONS: Record<string, string> = {
  bucket: `Name of the bucket. ${BUCKET_NAME_RULES}`,
};

const QUERY_PARAMETER_DESCRIPTIONS: Record<string, string> = {
  prefix: "Only keys that begin with this prefix.",
  delimiter: "Keys that contain this string after the prefix are rolled up into `common_prefixes` (usually `/`).",
  max_keys: "Maximum number of entries on this page.",
  key_marker: "Start after this key: `next_key_marker` of the previous page.",
  version_id_marker: "With `key_marker`: start after this version of that key (`next_version_id_marker` of the previous page).",
  continuation_token: "`next_continuation_token` of the previous page.",
  max_uploads: "Maximum number of uploads on this page.",
  upload_id_marker: "With `key_marker`: start after this upload of that key (`next_upload_id_marker` of the previous page).",
  force:
    "`true`: empty the bucket first (every object version, delete marker and in-progress multipart upload), then delete it. " +
    "Needs admin on the bucket. Answers 202 while not finished: repeat the call.",
  max_buckets: "Maximum number of buckets on this page.",
};

/** Where a parameter means something else on one route (the bucket listing pages buckets, not keys). */
const ROUTE_QUERY_DESCRIPTIONS: Record<string, Record<string, string>> = {
  listBuckets: { prefix: "Only buckets whose names begin with this prefix." },
  listUploads: { key_marker: "Start after this key: `next_key_marker` of the previous page." },
};

function properties(objectSchema: JsonObject): { name: string; schema: unknown; required: boolean }[] {
  const props = objectSchema["properties"];
  if (!isJsonObject(props)) throw new Error("parameter schemas must be objects");
  const required = Array.isArray(objectSchema["required"]) ? (objectSchema["required"] as unknown[]) : [];
  return Object.entries(props).map(([name, schema]) => ({ name, schema, required: required.includes(name) }));
}

function parameters(route: RouteSpec, schemas: ConvertedSchemas): JsonObject[] {
  const declared = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const path = route.params ? properties(schemas.inputOf(route.params)) : [];
  const pathNames = path.map((p) => p.name);
  if (declared.join() !== pathNames.join()) {
    throw new Error(`${route.id}: path ${route.path} does not match its params schema (${pathNames.join() || "none"})`);
  }
  const query = route.query ? properties(schemas.inputOf(route.query)) : [];
  return [
    ...path.map((p) => ({
      name: p.name,
      in: "path",
      required: true,
      description: PATH_PARAMETER_DESCRIPTIONS[p.name],
      schema: p.schema,
    })),
    ...query.map((q) => ({
      name: q.name,
      in: "query",
      required: q.required,
      description: ROUTE_QUERY_DESCRIPTIONS[route.id]?.[q.name] ?? QUERY_PARAMETER_DESCRIPTIONS[q.name],
      schema: q.schema,
    })),
  ];
}

export function operationOf(route: RouteSpec, schemas: ConvertedSchemas, scopes: ScopeNames = DEFAULT_SCOPES): JsonObject {
  const permission = route.permission;
  const scope = permission === "authenticated" ? undefined : scopes[permission];
  const accepted = permission === "authenticated" ? [] : scopesGranting(permission, scopes).map((s) => `\`${s}\``);
  const scopeNote =
    permission === "authenticated"
      ? "Requires a valid token; no particular scope."
      : `Requires ${accepted.length === 1 ? `the ${accepted[0]} scope` : `one of the scopes ${accepted.join(", ")}`} (\`${scopes.admin}\` implies \`${scopes.write}\`, which implies \`${scopes.read}\`).` +
        (route.bucket ? ` With an access policy, also \`${permission}\` on the bucket in the caller's tenant.` : "") +
        (route.flag ? ` With \`${route.flag.query}=${route.flag.value}\`: \`${scopes[route.flag.permission]}\` (and \`${route.flag.permission}\` on the bucket).` : "");
  const responses: JsonObject = {
    [String(route.successStatus)]: successResponse(route, route.response && schemas.nameOf(route.response)),
  };
  for (const [status, schema] of Object.entries(route.otherResponses ?? {})) {
    if (schema) responses[status] = successResponse(route, schemas.nameOf(schema), Number(status));
  }
  for (const status of route.errors) responses[String(status)] = errorResponse(route, status);

  return {
    operationId: route.id,
    summary: route.summary,
    description: `${route.description}\n\n${scopeNote}`,
    tags: [tagOf(route.path)],
    security: securityOf(permission, scopes),
    ...(scope === undefined ? {} : { "x-required-scope": scope }),
    ...(route.params || route.query ? { parameters: parameters(route, schemas) } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            description: `JSON object sent with \`Content-Type: application/json\`, at most ${MAX_BODY_BYTES} bytes. Unknown fields are refused.`,
            content: { "application/json": { schema: componentRef(schemas.nameOf(route.body)) } },
          },
        }
      : {}),
    responses,
  };
}

/** An error of a documentation route, with the code it carries (ERROR_CODES). */
const docsError = (description: string, code: ErrorCode): JsonObject => ({
  description: `${description}\n\n- \`${code}\`: ${ERROR_CODES[code].when}.`,
  content: { "application/json": { schema: componentRef("ErrorResponse") } },
});

/** What every documentation route answers to a request body (it takes none). */
const NO_BODY = docsError("A request body was sent; the documentation routes take none.", "ValidationError");

/** The documentation routes: not generated from zod schemas (they serve files), described here. */
const PUBLIC_OPERATIONS: Record<string, Omit<JsonObject, "operationId" | "summary">> = {
  openapiDocument: {
    description: "This document, as JSON. Readable from any origin.",
    responses: {
      "200": {
        description: "The OpenAPI 3.1 document.",
        content: { "application/json": { schema: { type: "object", description: "An OpenAPI 3.1 document." } } },
      },
      "400": NO_BODY,
    },
  },
  docs: {
    description:
      "Swagger UI for this API. Use **Authorize** to paste a bearer token, then **Try it out** on any operation. " +
      "All its assets are served by this API (no CDN). The token is kept for this page only (not stored in the browser).",
    responses: {
      "200": { description: "The HTML page.", content: { "text/html": { schema: { type: "string" } } } },
      "400": NO_BODY,
    },
  },
  docsAsset: {
    description: "A script, stylesheet or icon of the reference page. Only the listed files exist.",
    parameters: [
      {
        name: "asset",
        in: "path",
        required: true,
        description: "File name of the asset.",
        schema: { type: "string", enum: DOCS_ASSET_NAMES },
      },
      {
        name: "v",
        in: "query",
        required: false,
        description: "Version the page asks for; a matching version may be cached for a year.",
        schema: { type: "string" },
      },
    ],
    responses: {
      "200": {
        description: "The asset.",
        content: {
          "text/css": { schema: { type: "string" } },
          "text/javascript": { schema: { type: "string" } },
          "image/png": { schema: { type: "string", contentMediaType: "image/png" } },
        },
      },
      "400": NO_BODY,
      "404": docsError("Not one of the listed assets.", "NotFound"),
      "500": docsError("The function was deployed without its assets.", "DocsAssetsMissing"),
    },
  },
};

/** HEAD of a documentation route: GET's parameters and responses, headers only. */
function headOf(path: string, get: Omit<JsonObject, "operationId" | "summary">): Omit<JsonObject, "operationId" | "summary"> {
  const responses = Object.fromEntries(
    Object.entries(get["responses"] as Record<string, JsonObject>).map(([status, { content: _content, ...response }]) => [
      status,
      { ...response, description: `${String(response["description"])}\n\nNo body: the headers GET would get.` },
    ]),
  );
  return { ...get, description: `The headers \`GET ${path}\` answers with, without the body (e.g. to check its \`ETag\`).`, responses };
}

export function publicOperationOf(route: PublicRouteSpec): JsonObject {
  const getId = route.method === "HEAD" ? route.id.replace(/Head$/, "") : route.id;
  const get = PUBLIC_OPERATIONS[getId];
  if (!get) throw new Error(`public route ${route.id} is not described in operations.ts`);
  const described = route.method === "HEAD" ? headOf(route.path, get) : get;
  return { operationId: route.id, summary: route.summary, tags: ["Documentation"], security: [], ...described };
}
