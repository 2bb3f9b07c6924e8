import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import corePackage from "../../packages/core/package.json" with { type: "json" };
import { DEFAULT_SCOPES, publicRoutes, routeList, routes, type RouteId } from "@rahcp/core";
import { generateOpenApiDocument } from "@rahcp/openapi";
import { isJsonObject, refsIn, type JsonObject } from "@rahcp/openapi/json";

const document = generateOpenApiDocument();

function operation(path: string, method: string): JsonObject {
  const op = document.paths[path]?.[method.toLowerCase()];
  if (!op) throw new Error(`${method} ${path} is not in the document`);
  return op;
}

/** Follows one local `$ref` (`#/a/b/c`). */
function resolveRef(ref: string): unknown {
  if (!ref.startsWith("#/")) throw new Error(`non-local $ref ${ref}`);
  return ref
    .slice(2)
    .split("/")
    .reduce<unknown>((node, key) => (isJsonObject(node) ? node[key] : undefined), document);
}

function deref(value: unknown): JsonObject {
  if (isJsonObject(value) && typeof value["$ref"] === "string") return deref(resolveRef(value["$ref"]));
  if (!isJsonObject(value)) throw new Error("expected an object");
  return value;
}

const jsonSchemaOf = (response: unknown) => {
  const content = deref(response)["content"];
  return isJsonObject(content) ? (content["application/json"] as JsonObject | undefined)?.["schema"] : undefined;
};

/** The component each route's request and success response must reference by name. */
const EXPECTED_COMPONENTS: Record<RouteId, { body?: string; response?: string }> = {
  listBuckets: { response: "ListBucketsResponse" },
  createBucket: { body: "CreateBucketRequest", response: "BucketMutationResponse" },
  headBucket: {},
  deleteBucket: { response: "DeleteBucketResponse" },
  getVersioning: { response: "BucketVersioningResponse" },
  setVersioning: { body: "SetVersioningRequest", response: "VersioningMutationResponse" },
  listVersions: { response: "ListVersionsResponse" },
  listObjects: { response: "ListObjectsResponse" },
  me: { response: "MeResponse" },
  listUploads: { response: "ListUploadsResponse" },
  getAcl: { response: "AclResponse" },
  setAcl: { body: "SetAclRequest", response: "BucketMutationResponse" },
};

describe("OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("has every $ref pointing at something that exists", () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of new Set(refs)) expect(resolveRef(ref), ref).toBeDefined();
  });

  it("is deterministic", () => {
    expect(JSON.stringify(generateOpenApiDocument())).toBe(JSON.stringify(document));
  });

  it("names the API, its version, contact and license, a relative server and the local one", () => {
    expect(document.info.title).toBe("rahcp S3 Buckets API");
    expect(document.info.version).toBe(corePackage.version);
    expect(document.info.contact).toEqual({ name: expect.any(String) });
    expect(document.info.license).toEqual({ name: "Apache-2.0", identifier: "Apache-2.0" }); // the repository's LICENSE
    expect(document.openapi).toMatch(/^3\.1\./);
    // Relative first (Swagger UI calls the API that served it), then an absolute URL a generated client can use.
    expect(document["servers"]).toEqual([expect.objectContaining({ url: "/" }), expect.objectContaining({ url: "http://localhost:8000" })]);
  });

  it("declares an OAuth2 scheme listing the scopes, and the bearer JWT scheme for the same tokens", () => {
    expect(document.components["securitySchemes"]).toEqual({
      oauth2: {
        type: "oauth2",
        description: expect.stringContaining("AUTH_TOKEN_URL"),
        flows: {
          clientCredentials: {
            tokenUrl: "https://idp.example.com/oauth2/token",
            scopes: { "buckets:read": expect.any(String), "buckets:write": expect.any(String), "buckets:admin": expect.any(String) },
          },
        },
      },
      bearerAuth: expect.objectContaining({ type: "http", scheme: "bearer", bearerFormat: "JWT" }),
    });
  });

  it("documents exactly the declared routes", () => {
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const declared = [...routeList, ...publicRoutes].map((r) => `${r.method} ${r.path}`);
    expect(documented.sort()).toEqual(declared.sort());
    const ids = Object.values(document.paths).flatMap((item) => Object.values(item).map((op) => op["operationId"]));
    expect(new Set(ids).size).toBe(ids.length);
  });

  describe.each(routeList)("$method $path", (route) => {
    const op = operation(route.path, route.method);
    const scope = route.permission === "authenticated" ? undefined : DEFAULT_SCOPES[route.permission];

    it("has its operationId, summary and required scope", () => {
      expect(op["operationId"]).toBe(route.id);
      expect(op["summary"]).toBe(route.summary);
      expect(op["security"]).toEqual([{ oauth2: scope === undefined ? [] : [scope] }, { bearerAuth: [] }]);
      expect(op["x-required-scope"]).toBe(scope);
      if (scope) expect(op["description"]).toContain(`\`${scope}\``);
      else expect(op["description"]).toContain("Requires a valid token; no particular scope.");
    });

    it("documents its success status and each of its error statuses", () => {
      const responses = op["responses"] as JsonObject;
      expect(Object.keys(responses).sort()).toEqual([route.successStatus, ...Object.keys(route.otherResponses ?? {}), ...route.errors].map(String).sort());
      for (const status of route.errors) {
        const response = deref(responses[String(status)]);
        expect(response["description"], `${status}`).toEqual(expect.any(String));
        if (route.method === "HEAD") expect(response["content"], `${status}`).toBeUndefined();
        else expect(jsonSchemaOf(response), `${status}`).toEqual({ $ref: "#/components/schemas/ErrorResponse" });
      }
    });

    it("references its named request and response schemas", () => {
      const expected = EXPECTED_COMPONENTS[route.id as RouteId];
      const success = (op["responses"] as JsonObject)[String(route.successStatus)];
      if (expected.response) {
        expect(jsonSchemaOf(success)).toEqual({ $ref: `#/components/schemas/${expected.response}` });
      } else {
        expect(deref(success)["content"]).toBeUndefined();
      }
      if (expected.body) {
        const body = deref(op["requestBody"]);
        expect(body["required"]).toBe(true);
        expect(jsonSchemaOf(body)).toEqual({ $ref: `#/components/schemas/${expected.body}` });
      } else {
        expect(op["requestBody"]).toBeUndefined();
      }
    });

    it("documents WWW-Authenticate on 401 and Retry-After on 503 (where the backend can throttle)", () => {
      const responses = op["responses"] as JsonObject;
      expect(Object.keys(deref(responses["401"])["headers"] as JsonObject)).toContain("WWW-Authenticate");
      if (route.errors.includes(503)) expect(Object.keys(deref(responses["503"])["headers"] as JsonObject)).toContain("Retry-After");
      else expect(route.bucket ?? route.id).toBe("me"); // only /me makes no backend call
    });

    it("describes every parameter", () => {
      for (const parameter of (op["parameters"] as JsonObject[] | undefined) ?? []) {
        expect(parameter["description"], String(parameter["name"])).toMatch(/\w/);
      }
    });
  });

  it("documents the bucket path parameter with the naming rules and limits", () => {
    const parameters = operation("/api/v1/buckets/{bucket}", "DELETE")["parameters"] as JsonObject[];
    const bucket = parameters.find((p) => p["name"] === "bucket")!;
    expect(bucket).toMatchObject({ in: "path", required: true });
    expect(bucket["description"]).toMatch(/3 to 63 characters/);
    const schema = deref(bucket["schema"]);
    expect(schema).toMatchObject({ type: "string", minLength: 3, maxLength: 63, pattern: expect.any(String) });
    for (const route of routeList.filter((r) => r.path.includes("{bucket}"))) {
      const param = (operation(route.path, route.method)["parameters"] as JsonObject[]).find((p) => p["name"] === "bucket");
      expect(param?.["schema"], route.id).toEqual({ $ref: "#/components/schemas/BucketName" });
    }
  });

  it.each(["/api/v1/buckets/{bucket}/versions", "/api/v1/buckets/{bucket}/objects"])(
    "documents max_keys of %s as an optional integer 1..1000 defaulting to 1000",
    (path) => {
      const parameters = operation(path, "GET")["parameters"] as JsonObject[];
      const maxKeys = parameters.find((p) => p["name"] === "max_keys");
      expect(maxKeys).toMatchObject({
        in: "query",
        required: false,
        schema: { type: "integer", minimum: 1, maximum: 1000, default: 1000 },
      });
      const prefix = parameters.find((p) => p["name"] === "prefix");
      expect(prefix).toMatchObject({ in: "query", required: false, schema: { type: "string", maxLength: 1024 } });
    },
  );

  it("names the component schemas and references them instead of copying", () => {
    const names = Object.keys(document.components.schemas);
    for (const name of [
      "ListBucketsResponse",
      "BucketMutationResponse",
      "BucketVersioningResponse",
      "VersioningMutationResponse",
      "ListVersionsResponse",
      "ListObjectsResponse",
      "AclResponse",
      "AclPolicy",
      "CreateBucketRequest",
      "SetVersioningRequest",
      "ErrorResponse",
      "BucketName",
    ]) {
      expect(names).toContain(name);
    }
    const referenced = new Set(refsIn(document).map((ref) => ref.replace("#/components/schemas/", "")));
    for (const name of names) expect(referenced, `${name} is never referenced`).toContain(name);
    // Sub-schemas are shared by reference too: AclPolicy points at Owner and Grant.
    expect(document.components.schemas["AclPolicy"]).toMatchObject({
      properties: { Owner: { $ref: "#/components/schemas/Owner" }, Grants: { items: { $ref: "#/components/schemas/Grant" } } },
    });
    for (const schema of Object.values(document.components.schemas)) {
      expect(schema["$schema"]).toBeUndefined();
      expect(schema["$id"]).toBeUndefined();
    }
  });

  it("has one Owner, Grant and Grantee schema for the ACL that GET answers and PUT takes, in either spelling", () => {
    const schemas = document.components.schemas;
    expect(schemas["SetAclRequest"]).toMatchObject({ anyOf: [{ $ref: "#/components/schemas/AclPolicy" }, { $ref: "#/components/schemas/AclResponse" }] });
    for (const [name, owner, grants] of [["AclPolicy", "Owner", "Grants"], ["AclResponse", "owner", "grants"]] as const) {
      expect(schemas[name], name).toMatchObject({
        required: [owner, grants],
        additionalProperties: false,
        properties: { [owner]: { $ref: "#/components/schemas/Owner" }, [grants]: { items: { $ref: "#/components/schemas/Grant" } } },
      });
    }
    expect(schemas["Grant"]).toMatchObject({ properties: { Grantee: { $ref: "#/components/schemas/Grantee" } } });
    // Nothing else spells out a grantee.
    const granteeShapes = Object.entries(schemas).filter(([, schema]) => JSON.stringify(schema).includes('"CanonicalUser"'));
    expect(granteeShapes.map(([name]) => name)).toEqual(["Grantee"]);
  });

  it("documents requests as clients send them and responses as the API returns them", () => {
    const schemas = document.components.schemas;
    // Requests refuse unknown fields; responses never contain more than documented.
    expect(schemas["CreateBucketRequest"]).toMatchObject({ additionalProperties: false, required: ["bucket"] });
    expect(schemas["ListBucketsResponse"]).toMatchObject({ required: ["buckets", "owner", "is_truncated", "next_continuation_token"] });
    expect(schemas["BucketVersioningResponse"]).toMatchObject({
      properties: { status: { anyOf: [{ $ref: "#/components/schemas/VersioningStatus" }, { type: "null" }] } },
    });
  });

  it("lists the documentation routes without security", () => {
    for (const route of publicRoutes) {
      const op = operation(route.path, route.method);
      expect(op["operationId"]).toBe(route.id);
      expect(op["security"]).toEqual([]);
      expect(op["x-required-scope"]).toBeUndefined();
    }
    expect(Object.keys(operation("/api/v1/docs", "GET")["responses"] as JsonObject)).toEqual(["200", "400"]); // 400: a body sent
  });

  it("requires the admin scope for ACL changes and the write scope for mutations", () => {
    expect(operation(routes.setAcl.path, "PUT")["x-required-scope"]).toBe(DEFAULT_SCOPES.admin);
    expect(operation(routes.createBucket.path, "POST")["x-required-scope"]).toBe(DEFAULT_SCOPES.write);
    expect(operation(routes.listBuckets.path, "GET")["x-required-scope"]).toBe(DEFAULT_SCOPES.read);
  });
});
