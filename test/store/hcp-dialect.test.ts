import { createHash } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHcpS3Client, S3BucketStore, s3Settings } from "@rahcp/core";

/** What HCP requires of a batch delete, seen on the wire: a loopback server records the request. */
let seen: { method: string; url: string; headers: IncomingMessage["headers"]; body: Buffer }[] = [];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
    res.writeHead(200, { "content-type": "application/xml" });
    res.end(`<?xml version="1.0" encoding="UTF-8"?><DeleteResult><Error><Key>keep</Key><VersionId>v1</VersionId><Code>AccessDenied</Code><Message>retained</Message></Error></DeleteResult>`);
  });
});

beforeAll(() => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve)));
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("DeleteObjects in HCP's dialect", () => {
  it("is sent path-style, quiet, with a Content-MD5 of the body, and reports refusals per version", async () => {
    seen = [];
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const settings = { ...s3Settings(), endpoint, accessKeyId: "AKIDTEST", secretAccessKey: "secret", maxAttempts: 1 };
    const store = new S3BucketStore(createHcpS3Client(settings), endpoint, settings.budgetMs);
    const result = await store.deleteVersions("archive-bucket", [
      { key: "keep", versionId: "v1" },
      { key: "go", versionId: "v2" },
    ]);
    expect(result).toEqual({ deleted: 1, failed: [{ key: "keep", versionId: "v1", code: "AccessDenied", message: "retained" }] });
    const [request] = seen;
    expect(request).toMatchObject({ method: "POST", url: "/archive-bucket/?delete=" }); // path-style: the bucket in the path
    expect(request!.headers["content-md5"]).toBe(createHash("md5").update(request!.body).digest("base64"));
    expect(request!.body.toString()).toContain("<Quiet>true</Quiet>");
    store.destroy();
  });
});
