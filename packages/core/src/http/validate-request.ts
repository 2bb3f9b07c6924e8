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
const shown = (name: string) => `'${name.slice(0, 64)}'`;

function describeIssue(part: Part, issue: z.core.$ZodIssue): string {
  const path = issue.path.join(".");
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys
      .slice(0, MAX_LISTED_KEYS)
      .map((k) => shown(`${path ? `${path}.` : ""}${k}`))
      .join(", ");
    const more = issue.keys.length > MAX_LISTED_KEYS ? ` and ${issue.keys.length - MAX_LISTED_KEYS} more` : "";
    return `Unknown ${NOUN[part]}${issue.keys.length > 1 ? "s" : ""} ${keys}${more}`;
  }
  // Parsed with reportInput, so `input` is what was sent: undefined only when the field is absent.
  if (issue.code === "invalid_type" && issue.input === undefined) return `Missing ${NOUN[part]} '${path}'`;
  if (part === "body" && path === "" && issue.code === "invalid_type") return "Request body must be a JSON object";
  if (issue.code === "invalid_union" && issue.errors.length > 0) return closestAlternative(part, issue.errors);
  return `Invalid ${NOUN[part]} '${path}': ${issue.message}`;
}

/**
 * A body that fits none of a union's alternatives (the ACL's two spellings) is explained by the
 * alternative it comes closest to: fewest problems, unknown fields counted first (a body written in
 * one spelling is full of unknown fields for the other), the first alternative on a tie.
 */
function closestAlternative(part: Part, alternatives: z.core.$ZodIssue[][]): string {
  const cost = (issues: z.core.$ZodIssue[]) => [
    issues.filter((i) => i.code === "unrecognized_keys").reduce((n, i) => n + (i as z.core.$ZodIssueUnrecognizedKeys).keys.length, 0),
    issues.length,
  ];
  const best = alternatives.reduce((a, b) => {
    const [ua, na] = cost(a);
    const [ub, nb] = cost(b);
    return ub! < ua! || (ub === ua && nb! < na!) ? b : a;
  });
  return describe(part, best);
}

function describe(part: Part, issues: readonly z.core.$ZodIssue[]): string {
  // One value can break several checks with the same message (not a safe integer, and too big).
  return [...new Set(issues.slice(0, 5).map((issue) => describeIssue(part, issue)))].join("; ");
}

function parse(part: Part, schema: z.ZodMiniType | undefined, value: unknown): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  throw new ApiError(400, "ValidationError", describe(part, result.error.issues));
}

/**
 * Query parameter names sent more than once. API Gateway joins repeated values with "," into one
 * string (`max_keys=1,2`), which would otherwise read as one malformed value; the raw query still
 * has them apart.
 */
function repeatedQueryParameters(rawQueryString: string | undefined): string | undefined {
  if (!rawQueryString) return undefined;
  const counts = new Map<string, number>();
  for (const [name] of new URLSearchParams(rawQueryString)) if (name !== "") counts.set(name, (counts.get(name) ?? 0) + 1);
  const repeated = [...counts].filter(([, count]) => count > 1);
  if (repeated.length === 0) return undefined;
  return repeated
    .slice(0, MAX_LISTED_KEYS)
    .map(([name, count]) => `Query parameter ${shown(name)} is given ${count} times; give it once`)
    .join("; ");
}

/** Routes without query parameters still refuse unknown ones, as bodies refuse unknown fields. */
const NO_QUERY = z.strictObject({});

/** Validates path, query and body against the route's schemas and exposes the parsed values as `event.input`. */
export function validateRequest(route: OperationSpec): MiddlewareObj<ApiEvent> {
  return {
    before: ({ event }) => {
      const repeated = repeatedQueryParameters(event.rawQueryString);
      if (repeated) throw new ApiError(400, "ValidationError", repeated);
      event.input = {
        params: parse("path", route.params, event.pathParameters ?? {}),
        query: parse("query", route.query ?? NO_QUERY, event.queryStringParameters ?? {}),
        body: parse("body", route.body, event.body),
      };
    },
  };
}
