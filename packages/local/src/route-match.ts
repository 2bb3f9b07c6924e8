import type { HttpRoute } from "@rahcp/core";

/** One `/`-separated piece of a route path template. */
type Segment = { kind: "literal"; value: string } | { kind: "param"; name: string } | { kind: "greedy"; name: string };

interface CompiledRoute {
  route: HttpRoute;
  segments: Segment[];
  /** API Gateway prefers the most specific route: more literal segments first. */
  literalCount: number;
}

export type RouteMatch =
  | { kind: "found"; route: HttpRoute; pathParameters: Record<string, string> }
  | { kind: "method-not-allowed"; allow: string[] }
  | { kind: "not-found" }
  | { kind: "bad-path" };

function compile(route: HttpRoute): CompiledRoute {
  const segments = route.path
    .split("/")
    .slice(1)
    .map((piece): Segment => {
      const greedy = /^\{(\w+)\+\}$/.exec(piece);
      if (greedy) return { kind: "greedy", name: greedy[1]! };
      const param = /^\{(\w+)\}$/.exec(piece);
      if (param) return { kind: "param", name: param[1]! };
      return { kind: "literal", value: piece };
    });
  return { route, segments, literalCount: segments.filter((s) => s.kind === "literal").length };
}

/** Raw (still percent-encoded) parameter values, or undefined when the path does not fit the template. */
function matchSegments(template: Segment[], pieces: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const segment = template[i]!;
    if (segment.kind === "greedy") {
      const rest = pieces.slice(i);
      if (rest.length === 0 || rest.join("") === "") return undefined;
      params[segment.name] = rest.join("/");
      return params;
    }
    const piece = pieces[i];
    if (piece === undefined) return undefined;
    if (segment.kind === "literal") {
      if (piece !== segment.value) return undefined;
    } else {
      if (piece === "") return undefined;
      params[segment.name] = piece;
    }
  }
  return pieces.length === template.length ? params : undefined;
}

function decodeAll(raw: Record<string, string>): Record<string, string> | undefined {
  const decoded: Record<string, string> = {};
  try {
    for (const [name, value] of Object.entries(raw)) decoded[name] = decodeURIComponent(value);
  } catch {
    return undefined; // malformed percent-encoding
  }
  return decoded;
}

/** Matches method + raw path against the declared routes the way API Gateway selects a route. */
export function createRouteMatcher(routes: readonly HttpRoute[]) {
  const compiled = routes.map(compile).sort((a, b) => b.literalCount - a.literalCount);
  return (method: string, rawPath: string): RouteMatch => {
    const pieces = rawPath.split("/").slice(1);
    const allow = new Set<string>();
    for (const candidate of compiled) {
      const raw = matchSegments(candidate.segments, pieces);
      if (!raw) continue;
      if (candidate.route.method !== method) {
        allow.add(candidate.route.method);
        continue;
      }
      const pathParameters = decodeAll(raw);
      if (!pathParameters) return { kind: "bad-path" };
      return { kind: "found", route: candidate.route, pathParameters };
    }
    if (allow.size > 0) return { kind: "method-not-allowed", allow: [...allow].sort() };
    return { kind: "not-found" };
  };
}

export type RouteMatcher = ReturnType<typeof createRouteMatcher>;
