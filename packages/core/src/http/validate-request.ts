import type { MiddlewareObj } from "@middy/core";
import * as z from "zod/mini";
import type { OperationSpec } from "../routes";
import { ApiError } from "./api-error";
import type { ApiEvent } from "./api-event";

type Part = "path" | "query" | "body";

const NOUN: Record<Part, string> = {
  path: "path parameter",
  query: "query parameter",
  body: "request body field",
};

/** Echoed names are caller input: a few, each truncated, keep the error short whatever was sent. */
const MAX_LISTED_KEYS = 5;

function describeIssue(part: Part, issue: z.core.$ZodIssue): string {
  const path = issue.path.join(".");
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys
      .slice(0, MAX_LISTED_KEYS)
      .map((k) => `'${path ? `${path}.` : ""}${k.slice(0, 64)}'`)
      .join(", ");
    const more = issue.keys.length > MAX_LISTED_KEYS ? ` and ${issue.keys.length - MAX_LISTED_KEYS} more` : "";
    return `Unknown ${NOUN[part]}${issue.keys.length > 1 ? "s" : ""} ${keys}${more}`;
  }
  if (issue.code === "invalid_type" && issue.input === undefined) return `Missing ${NOUN[part]} '${path}'`;
  if (part === "body" && path === "" && issue.code === "invalid_type") return "Request body must be a JSON object";
  return `Invalid ${NOUN[part]} '${path}': ${issue.message}`;
}

function parse(part: Part, schema: z.ZodMiniType | undefined, value: unknown): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const detail = result.error.issues.slice(0, 5).map((issue) => describeIssue(part, issue)).join("; ");
  throw new ApiError(400, "ValidationError", detail);
}

/** Routes without query parameters still refuse unknown ones, as bodies refuse unknown fields. */
const NO_QUERY = z.strictObject({});

/** Validates path, query and body against the route's schemas and exposes the parsed values as `event.input`. */
export function validateRequest(route: OperationSpec): MiddlewareObj<ApiEvent> {
  return {
    before: ({ event }) => {
      event.input = {
        params: parse("path", route.params, event.pathParameters ?? {}),
        query: parse("query", route.query ?? NO_QUERY, event.queryStringParameters ?? {}),
        body: parse("body", route.body, event.body),
      };
    },
  };
}
