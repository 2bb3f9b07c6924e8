/**
 * The soak: a fixed-seed mix of API requests from `concurrency` workers against a running local
 * server. Each worker owns its own bucket names and a model of them, so every answer can be
 * checked exactly even under concurrency; at the end every bucket the model says exists must be
 * listed and every other one must be gone.
 */
import { seededRandom, weightedPick } from "./prng";
import { summarize, type Summary } from "../../lib/stats";

export interface SoakTarget {
  baseUrl: string;
  /** Every scope. */
  adminToken: string;
  /** Read scope only. */
  readToken: string;
}

export interface SoakOptions {
  requests: number;
  concurrency: number;
  seed: number;
  /** Bucket names start with it (unique per run). */
  prefix: string;
  /** Buckets each worker plays with. */
  bucketsPerWorker?: number;
  onProgress?: (completed: number) => void;
}

export interface SoakResult {
  requests: number;
  durationMs: number;
  requestsPerSecond: number;
  latency: Summary;
  statuses: Record<string, number>;
  serverErrors: number;
  /** Answers that contradict the model (first few described in `examples`). */
  wrong: number;
  examples: string[];
  /** Final listing: buckets created and still expected / expected but missing / deleted but listed. */
  final: { expected: number; missing: number; unexpected: number };
  /** Buckets removed at the end (each DELETE checked too). */
  cleanedUp: number;
}

const WEIGHTS = {
  list: 16,
  head: 18,
  create: 14,
  delete: 12,
  getVersioning: 9,
  putVersioning: 8,
  listObjects: 5,
  listVersions: 5,
  getAcl: 6,
  badName: 3,
  noToken: 2,
  readOnlyCreate: 2,
} as const;

type Kind = keyof typeof WEIGHTS;

interface BucketModel {
  exists: boolean;
  versioning: "Enabled" | "Suspended" | null;
}

interface Answer {
  status: number;
  json: unknown;
}

class Client {
  constructor(private readonly target: SoakTarget) {}

  async send(method: string, path: string, options: { token?: string | null; body?: unknown } = {}): Promise<Answer> {
    const token = options.token === undefined ? this.target.adminToken : options.token;
    const headers: Record<string, string> = {};
    if (token) headers["authorization"] = `Bearer ${token}`;
    if (options.body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${this.target.baseUrl}${path}`, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    return { status: response.status, json: text ? (JSON.parse(text) as unknown) : undefined };
  }

  async listedNames(): Promise<Set<string>> {
    const answer = await this.send("GET", "/api/v1/buckets");
    if (answer.status !== 200) throw new Error(`listing buckets answered ${answer.status}`);
    return new Set((answer.json as { buckets: { name: string }[] }).buckets.map((b) => b.name));
  }
}

const path = (bucket: string, suffix = "") => `/api/v1/buckets/${encodeURIComponent(bucket)}${suffix}`;

/** One request of a worker: sends it, checks the answer against the model, updates the model. Returns a problem or undefined. */
async function step(client: Client, kind: Kind, bucket: string, model: BucketModel, mine: () => Set<string>, ownPrefix: string, target: SoakTarget, random: () => number): Promise<{ status: number; problem?: string }> {
  const expect = (answer: Answer, status: number, extra?: () => string | undefined) => ({
    status: answer.status,
    problem: answer.status !== status ? `${kind} ${bucket}: ${answer.status}, expected ${status}` : extra?.(),
  });
  const found = model.exists;
  switch (kind) {
    case "list": {
      const answer = await client.send("GET", "/api/v1/buckets");
      return expect(answer, 200, () => {
        const listed = (answer.json as { buckets: { name: string }[] }).buckets.map((b) => b.name).filter((n) => n.startsWith(ownPrefix));
        const want = mine();
        const same = listed.length === want.size && listed.every((n) => want.has(n));
        return same ? undefined : `list: saw [${listed.join(",")}], expected [${[...want].join(",")}]`;
      });
    }
    case "head":
      return expect(await client.send("HEAD", path(bucket)), found ? 200 : 404);
    case "create": {
      const answer = await client.send("POST", "/api/v1/buckets", { body: { bucket } });
      if (!found && answer.status === 201) Object.assign(model, { exists: true, versioning: null });
      return expect(answer, found ? 409 : 201);
    }
    case "delete": {
      const answer = await client.send("DELETE", path(bucket));
      if (found && answer.status === 200) model.exists = false;
      return expect(answer, found ? 200 : 404);
    }
    case "getVersioning": {
      const answer = await client.send("GET", path(bucket, "/versioning"));
      return expect(answer, found ? 200 : 404, () => {
        const status = (answer.json as { status: string | null }).status;
        return found && status !== model.versioning ? `versioning of ${bucket}: ${status}, expected ${model.versioning}` : undefined;
      });
    }
    case "putVersioning": {
      const status = random() < 0.5 ? "Enabled" : "Suspended";
      const answer = await client.send("PUT", path(bucket, "/versioning"), { body: { status } });
      if (found && answer.status === 200) model.versioning = status;
      return expect(answer, found ? 200 : 404);
    }
    case "listObjects": {
      const answer = await client.send("GET", path(bucket, "/objects"));
      return expect(answer, found ? 200 : 404, () =>
        found && (answer.json as { objects: unknown[] }).objects.length !== 0 ? `objects of ${bucket} not empty` : undefined,
      );
    }
    case "listVersions": {
      const answer = await client.send("GET", path(bucket, "/versions"));
      return expect(answer, found ? 200 : 404, () =>
        found && (answer.json as { versions: unknown[] }).versions.length !== 0 ? `versions of ${bucket} not empty` : undefined,
      );
    }
    case "getAcl":
      return expect(await client.send("GET", path(bucket, "/acl")), found ? 200 : 404);
    case "badName":
      return expect(await client.send("POST", "/api/v1/buckets", { body: { bucket: `Bad_${bucket}` } }), 400);
    case "noToken":
      return expect(await client.send("GET", "/api/v1/buckets", { token: null }), 401);
    case "readOnlyCreate":
      // Must be refused before the backend sees it: the model keeps the bucket as it was.
      return expect(await client.send("POST", "/api/v1/buckets", { token: target.readToken, body: { bucket } }), 403);
  }
}

export async function runSoak(target: SoakTarget, options: SoakOptions): Promise<SoakResult> {
  const client = new Client(target);
  const perWorker = options.bucketsPerWorker ?? 4;
  const models = new Map<string, BucketModel>();
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const examples: string[] = [];
  let wrong = 0;
  let completed = 0;
  const started = performance.now();

  const worker = async (w: number, count: number) => {
    const random = seededRandom(options.seed * 1_000 + w);
    const ownPrefix = `${options.prefix}-s${w}-`;
    const names = Array.from({ length: perWorker }, (_, k) => `${ownPrefix}${k}`);
    for (const name of names) models.set(name, { exists: false, versioning: null });
    const mine = () => new Set(names.filter((n) => models.get(n)!.exists));
    for (let i = 0; i < count; i++) {
      const kind = weightedPick(random, WEIGHTS);
      const bucket = names[Math.floor(random() * names.length)]!;
      const start = performance.now();
      let outcome: { status: number; problem?: string };
      try {
        outcome = await step(client, kind, bucket, models.get(bucket)!, mine, ownPrefix, target, random);
      } catch (error) {
        outcome = { status: 0, problem: `${kind} ${bucket}: ${error instanceof Error ? error.message : String(error)}` };
      }
      latencies.push(performance.now() - start);
      statuses[outcome.status] = (statuses[outcome.status] ?? 0) + 1;
      if (outcome.problem) {
        wrong++;
        if (examples.length < 10) examples.push(outcome.problem);
      }
      completed++;
      options.onProgress?.(completed);
    }
  };
  const base = Math.floor(options.requests / options.concurrency);
  const extra = options.requests % options.concurrency;
  await Promise.all(Array.from({ length: options.concurrency }, (_, w) => worker(w, base + (w < extra ? 1 : 0))));
  const durationMs = performance.now() - started;

  // Every bucket the model holds is listed; every other one is gone.
  const listed = await client.listedNames();
  const final = { expected: 0, missing: 0, unexpected: 0 };
  for (const [name, model] of models) {
    if (model.exists) final.expected++;
    if (model.exists && !listed.has(name)) final.missing++;
    if (!model.exists && listed.has(name)) final.unexpected++;
  }
  let cleanedUp = 0;
  for (const [name, model] of models) {
    if (!model.exists) continue;
    const answer = await client.send("DELETE", path(name));
    if (answer.status === 200) cleanedUp++;
    else if (examples.length < 10) examples.push(`cleanup of ${name}: ${answer.status}`);
  }
  return {
    requests: completed,
    durationMs,
    requestsPerSecond: (completed / durationMs) * 1000,
    latency: summarize(latencies),
    statuses,
    serverErrors: Object.entries(statuses).filter(([s]) => Number(s) >= 500).reduce((n, [, c]) => n + c, 0),
    wrong,
    examples,
    final,
    cleanedUp,
  };
}
