import { describe, expect, it } from "vitest";
import { ApiError, routes, type ApiEvent, type RouteSpec } from "@rahcp/core";
import { validateRequest } from "@rahcp/core/http/validate-request";
import { apiEvent, type EventOptions } from "../../kit/events";
import { withMiddleware } from "../support/middleware";

/** validateRequest on its own: path, query and body against the route's schemas, parsed into event.input. */

async function validate(route: RouteSpec, options: Partial<EventOptions> = {}, body?: unknown) {
  let input: ApiEvent["input"];
  const handler = withMiddleware([validateRequest(route)], async (event) => {
    input = event.input;
    return { statusCode: 200 };
  });
  const event = apiEvent({ method: route.method, routePath: route.path, ...options }) as ApiEvent;
  if (body !== undefined) event.body = body; // as the JSON parser leaves it
  const error = await handler(event).then(
    () => undefined,
    (e: unknown) => e as ApiError,
  );
  return { input, error };
}

const bucket = { pathParameters: { bucket: "team-data" } };

describe("validateRequest", () => {
  it("exposes the parsed path and query as event.input", async () => {
    const { input, error } = await validate(routes.listVersions, { ...bucket, query: { max_keys: "5", prefix: "logs/" } });
    expect(error).toBeUndefined();
    expect(input?.params).toEqual({ bucket: "team-data" });
    expect(input?.query).toMatchObject({ max_keys: 5, prefix: "logs/" });
    expect(input?.body).toBeUndefined();
  });

  it("exposes the parsed body", async () => {
    const { input } = await validate(routes.createBucket, {}, { bucket: "fresh-bucket" });
    expect(input?.body).toEqual({ bucket: "fresh-bucket" });
  });

  it("refuses a missing path parameter, naming it", async () => {
    const { error } = await validate(routes.listVersions);
    expect(error).toMatchObject({ status: 400, code: "ValidationError", detail: "Missing path parameter 'bucket'" });
  });

  it("refuses unknown query parameters, also on a route that declares none", async () => {
    expect((await validate(routes.listVersions, { ...bucket, query: { colour: "red" } })).error?.detail).toBe("Unknown query parameter 'colour'");
    expect((await validate(routes.listBuckets, { query: { a: "1", b: "2" } })).error?.detail).toBe("Unknown query parameters 'a', 'b'");
  });

  it("refuses a query parameter given twice (API Gateway would join the values)", async () => {
    const { error } = await validate(routes.listVersions, { ...bucket, query: { max_keys: "1,2" }, headers: {} });
    expect(error?.detail).toMatch(/max_keys/); // joined: one malformed value
    const event = apiEvent({ method: "GET", routePath: routes.listVersions.path, ...bucket, query: { max_keys: "1,2" } });
    event.rawQueryString = "max_keys=1&max_keys=2";
    const twice = await withMiddleware([validateRequest(routes.listVersions)])(event).catch((e: unknown) => e as ApiError);
    expect(twice).toMatchObject({ status: 400, detail: "Query parameter 'max_keys' is given 2 times; give it once" });
  });

  it("refuses a body that is not an object, a missing field and an unknown one", async () => {
    expect((await validate(routes.createBucket, {}, "just a string")).error?.detail).toBe("Request body must be a JSON object");
    expect((await validate(routes.createBucket, {}, {})).error?.detail).toBe("Missing request body field 'bucket'");
    expect((await validate(routes.createBucket, {}, { bucket: "fresh-bucket", colour: "red" })).error?.detail).toBe("Unknown request body field 'colour'");
  });

  it("truncates echoed names and lists at most five", async () => {
    const query = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`${"k".repeat(100)}${i}`, "1"]));
    const { error } = await validate(routes.listBuckets, { query });
    expect(error?.detail).toMatch(/^Unknown query parameters ('k{64}', ){4}'k{64}' and 2 more$/);
  });
});
