import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { FakeObjectStore } from "./fake-s3-objects";

/**
 * How the fake answers:
 * - ok: a minimal, well-formed S3 (buckets kept in memory)
 * - hang: accepts the connection, reads the request, never answers
 * - internal-error: 500 InternalError XML
 * - slow-down: 503 SlowDown XML
 * - malformed: 200 with a truncated XML body
 * - slow: like ok, after `slowMs`
 * - reset: drops the connection as soon as the request arrived (ECONNRESET at the client)
 * - lost-answer: carries the request out like ok, then never answers (the client times out and
 *   retries an operation that already happened)
 * Connection refused is `stop()`: nothing listens on the port any more.
 */
export type FakeS3Mode = "ok" | "hang" | "internal-error" | "slow-down" | "malformed" | "slow" | "reset" | "lost-answer";

export interface FakeS3Request {
  method: string;
  url: string;
  mode: FakeS3Mode;
}

const XML = { "content-type": "application/xml" };

const errorXml = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>fake-req</RequestId></Error>`;

/** A small S3 stand-in on 127.0.0.1 that can misbehave on demand and counts attempts and open sockets. */
export class FakeS3 {
  mode: FakeS3Mode = "ok";
  slowMs = 300;
  /** In "lost-answer" mode, how many requests (of `loseMethod`, when set) lose their answer; the others are "ok". */
  answersToLose = 1;
  loseMethod: string | undefined;
  readonly requests: FakeS3Request[] = [];
  readonly buckets = new Map<string, Date>();
  /** Objects, versions and uploads of the buckets (kit/fake-s3-objects.ts). */
  readonly objects = new FakeObjectStore();
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  private boundPort = 0;

  /** Listens on `port` (0: a free one); reuse the previous port to bring a "refused" backend back. */
  async start(port = 0): Promise<void> {
    const server = createServer((req, res) => this.answer(req, res));
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("fake S3 has no TCP address");
    this.boundPort = address.port;
    this.server = server;
  }

  /** Stops listening and drops every connection (hung ones included): the port now refuses. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get port(): number {
    return this.boundPort;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.boundPort}`;
  }

  /** TCP connections currently open from clients. */
  openConnections(): number {
    return this.sockets.size;
  }

  /** Requests that reached the server while it was in `mode`. */
  attempts(mode?: FakeS3Mode): number {
    return mode === undefined ? this.requests.length : this.requests.filter((r) => r.mode === mode).length;
  }

  /** Waits until at most `max` connections are open (sockets close asynchronously); returns the count. */
  async connectionsSettle(max: number, timeoutMs = 1_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.sockets.size > max && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    return this.sockets.size;
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const mode = this.mode;
    this.requests.push({ method: req.method ?? "?", url: req.url ?? "/", mode });
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      switch (mode) {
        case "hang":
          return; // keep the socket open, say nothing
        case "lost-answer":
          if ((this.loseMethod === undefined || req.method === this.loseMethod) && this.answersToLose-- > 0) {
            const discard = { writeHead: () => discard, end: () => discard } as unknown as ServerResponse;
            return this.ok(req, discard, body);
          }
          return this.ok(req, res, body);
        case "reset":
          req.socket.resetAndDestroy();
          return;
        case "internal-error":
          return this.send(req, res, 500, errorXml("InternalError", "We encountered an internal error. Please try again."));
        case "slow-down":
          return this.send(req, res, 503, errorXml("SlowDown", "Please reduce your request rate."));
        case "malformed":
          return this.send(req, res, 200, "<?xml version=\"1.0\"?><ListAllMyBucketsResult><Buckets><Bucket><Name>trunc");
        case "slow":
          setTimeout(() => this.ok(req, res, body), this.slowMs);
          return;
        case "ok":
          return this.ok(req, res, body);
      }
    });
  }

  private send(req: IncomingMessage, res: ServerResponse, status: number, body = "", headers: Record<string, string> = {}): void {
    res.writeHead(status, { ...XML, "x-amz-request-id": "fake-req", ...headers });
    res.end(req.method === "HEAD" ? undefined : body);
  }

  /**
   * Just enough of S3 for the bucket API (list, head, create, delete, versioning, versions, objects,
   * ACL) and, through `objects`, for writing and listing object versions, delete markers and uploads.
   */
  private ok(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const url = new URL(req.url ?? "/", "http://fake");
    const [, bucketSegment = "", ...keySegments] = url.pathname.split("/");
    const bucket = decodeURIComponent(bucketSegment);
    const key = decodeURIComponent(keySegments.join("/"));
    const q = url.searchParams;
    const method = req.method ?? "GET";
    if (bucket === "") {
      const list = [...this.buckets]
        .map(([name, date]) => `<Bucket><Name>${name}</Name><CreationDate>${date.toISOString()}</CreationDate></Bucket>`)
        .join("");
      return this.send(req, res, 200, `<ListAllMyBucketsResult><Owner><ID>fake-owner</ID><DisplayName>fake</DisplayName></Owner><Buckets>${list}</Buckets></ListAllMyBucketsResult>`);
    }
    const exists = this.buckets.has(bucket);
    if (method === "PUT" && key === "" && [...q.keys()].length === 0) {
      if (exists) return this.send(req, res, 409, errorXml("BucketAlreadyOwnedByYou", "yours"));
      this.buckets.set(bucket, new Date());
      this.objects.drop(bucket);
      return this.send(req, res, 200);
    }
    if (!exists) return this.send(req, res, 404, errorXml("NoSuchBucket", "The specified bucket does not exist"));
    const answer = this.objects.handle(method, bucket, key, q, body);
    if (answer) return this.send(req, res, answer.status, answer.body, answer.headers);
    if (method === "HEAD" || method === "PUT") return this.send(req, res, 200);
    if (method === "DELETE") {
      if (!this.objects.isEmpty(bucket)) return this.send(req, res, 409, errorXml("BucketNotEmpty", "The bucket you tried to delete is not empty"));
      this.buckets.delete(bucket);
      this.objects.drop(bucket);
      res.writeHead(204).end();
      return;
    }
    if (q.has("versioning")) return this.send(req, res, 200, "<VersioningConfiguration/>");
    if (q.has("versions")) return this.send(req, res, 200, `<ListVersionsResult><Name>${bucket}</Name><IsTruncated>false</IsTruncated></ListVersionsResult>`);
    if (q.has("acl")) {
      return this.send(req, res, 200, "<AccessControlPolicy><Owner><ID>fake-owner</ID></Owner><AccessControlList/></AccessControlPolicy>");
    }
    return this.send(req, res, 200, `<ListBucketResult><Name>${bucket}</Name><IsTruncated>false</IsTruncated><KeyCount>0</KeyCount></ListBucketResult>`);
  }
}
