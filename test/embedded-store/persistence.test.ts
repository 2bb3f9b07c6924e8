import { spawn, type ChildProcess } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { NULL_VERSION_ID } from "@rahcp/core";
import { DataDirBusyError, EmbeddedBucketStore } from "../../packages/local/src/embedded-store";
import { listAllVersions, openStore, tempDir } from "./store-fixture";

describe("embedded store: persistence", () => {
  it("keeps buckets, versioning, ACLs, versions, markers and bodies across close and open", async () => {
    const dir = await tempDir();
    const first = await EmbeddedBucketStore.open(dir);
    await first.createBucket("kept");
    await first.putVersioning("kept", "Enabled");
    const v1 = await first.putObject("kept", "k", "one");
    const v2 = await first.putObject("kept", "k", new Uint8Array([0, 1, 2, 255]));
    await first.deleteObject("kept", "other");
    const acl = await first.getAcl("kept");
    await first.putAcl("kept", {
      Owner: acl.owner,
      Grants: [...acl.grants, { Grantee: { Type: "Group", URI: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers" }, Permission: "READ" }],
    });
    await first.createBucket("plain");
    await first.putObject("plain", "x", "replaced");
    await first.putObject("plain", "x", "final");
    const before = {
      buckets: await first.listBuckets(),
      versions: await listAllVersions(first, "kept", 1),
      plain: await first.listVersions({ bucket: "plain", maxKeys: 100 }),
      acl: await first.getAcl("kept"),
    };
    await first.close();
    await expect(first.listBuckets()).rejects.toMatchObject({ code: "ServiceUnavailable" });

    const second = await openStore(dir);
    expect(await second.listBuckets()).toEqual(before.buckets);
    expect((await listAllVersions(second, "kept", 1)).entries).toEqual(before.versions.entries);
    expect(await second.listVersions({ bucket: "plain", maxKeys: 100 })).toEqual(before.plain);
    expect(await second.getAcl("kept")).toEqual(before.acl);
    expect((await second.getVersioning("kept")).status).toBe("Enabled");
    expect(Array.from((await second.getObject("kept", "k", v2.versionId))!.body)).toEqual([0, 1, 2, 255]);
    expect(new TextDecoder().decode((await second.getObject("kept", "k", v1.versionId))!.body)).toBe("one");
    expect(new TextDecoder().decode((await second.getObject("plain", "x"))!.body)).toBe("final");

    // New writes after a restart still get fresh, later versions.
    const v3 = await second.putObject("kept", "k", "three");
    expect([v1.versionId, v2.versionId]).not.toContain(v3.versionId);
    const page = await second.listVersions({ bucket: "kept", maxKeys: 1, keyMarker: "" });
    expect(page.versions[0]).toMatchObject({ versionId: v3.versionId, isLatest: true });
  });

  it("finishes writes accepted before close and refuses later ones", async () => {
    const dir = await tempDir();
    const store = await EmbeddedBucketStore.open(dir);
    await store.createBucket("closing");
    await store.putVersioning("closing", "Enabled");
    const pending = Array.from({ length: 20 }, (_, i) => store.putObject("closing", `k${i}`, `${i}`));
    await store.close();
    expect(new Set((await Promise.all(pending)).map((r) => r.versionId)).size).toBe(20);
    await expect(store.putObject("closing", "late", "x")).rejects.toMatchObject({ code: "ServiceUnavailable" });
    const reopened = await openStore(dir);
    expect((await reopened.listVersions({ bucket: "closing", maxKeys: 100 })).versions).toHaveLength(20);
  });

  it("writes the documented layout and cleans up what a crash can leave behind", async () => {
    const dir = await tempDir();
    const store = await EmbeddedBucketStore.open(dir);
    await store.createBucket("crashy");
    await store.putObject("crashy", "k", "current");
    await store.close();

    expect(JSON.parse(await readFile(join(dir, "format.json"), "utf8"))).toEqual({ format: "rahcp-embedded-store", version: 1 });
    const records = join(dir, "buckets", "crashy", "records");
    const names = await readdir(records);
    expect(names).toHaveLength(2);
    const [body, json] = names.sort();
    expect(json).toMatch(/^\d{16}\.json$/);
    expect(body).toBe(json!.replace(".json", ".body"));
    expect(JSON.parse(await readFile(join(records, json!), "utf8"))).toMatchObject({ key: "k", versionId: NULL_VERSION_ID, deleteMarker: false, size: 7 });

    // Simulate crashes: a body whose record was never written, a replaced null version not yet removed, a staged temp file.
    await writeFile(join(records, "0000000000000900.body"), "orphan");
    const stale = { ...JSON.parse(await readFile(join(records, json!), "utf8")), seq: 0, etag: '"stale"' };
    await writeFile(join(records, "0000000000000000.json"), JSON.stringify(stale));
    await writeFile(join(dir, "tmp", "half-written"), "x");

    const reopened = await openStore(dir);
    const page = await reopened.listVersions({ bucket: "crashy", maxKeys: 10 });
    expect(page.versions).toHaveLength(1);
    expect(page.versions[0]!.etag).not.toBe('"stale"');
    expect((await readdir(records)).sort()).toEqual([body, json]);
    expect(await readdir(join(dir, "tmp"))).toEqual([]);
  });

  it("fails clearly on a damaged record instead of serving partial data", async () => {
    const dir = await tempDir();
    const store = await EmbeddedBucketStore.open(dir);
    await store.createBucket("damaged");
    await store.putObject("damaged", "k", "x");
    await store.close();
    const records = join(dir, "buckets", "damaged", "records");
    const json = (await readdir(records)).find((n) => n.endsWith(".json"))!;
    await writeFile(join(records, json), "{not json");
    await expect(EmbeddedBucketStore.open(dir)).rejects.toThrow(/not valid JSON/);
    // The failed open released its lock.
    await writeFile(join(records, json), JSON.stringify({ seq: 1, key: "k", versionId: NULL_VERSION_ID, deleteMarker: false, lastModified: new Date().toISOString(), size: 1, etag: '"x"' }));
    await openStore(dir);
  });
});

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

/** Starts another process that opens the store in `dir`, resolved once it holds the lock. */
async function holdInAnotherProcess(dir: string): Promise<ChildProcess> {
  const script = fileURLToPath(new URL("./hold-store.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script, dir], { stdio: ["pipe", "pipe", "inherit"] });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk) => String(chunk).includes("ready") && resolve());
    child.on("exit", (code) => reject(new Error(`holder exited with ${code}`)));
  });
  return child;
}

describe("embedded store: data dir lock", () => {
  it("refuses a second open in the same process until the first is closed", async () => {
    const dir = await tempDir();
    const first = await EmbeddedBucketStore.open(dir);
    await expect(EmbeddedBucketStore.open(dir)).rejects.toBeInstanceOf(DataDirBusyError);
    await first.close();
    await openStore(dir);
  });

  it("refuses a dir held by another live process and takes over its lock once that process is killed", async () => {
    const dir = await tempDir();
    const holder = await holdInAnotherProcess(dir);
    const lock = JSON.parse(await readFile(join(dir, "store.lock"), "utf8")) as { pid: number };
    expect(lock.pid).toBe(holder.pid);
    const refused = await EmbeddedBucketStore.open(dir).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DataDirBusyError);
    expect(String(refused)).toContain(`in use by process ${holder.pid}`);

    // kill -9 leaves the lock file behind: it is stale and taken over.
    const exited = new Promise((resolve) => holder.once("exit", resolve));
    holder.kill("SIGKILL");
    await exited;
    const store = await openStore(dir);
    const taken = JSON.parse(await readFile(join(dir, "store.lock"), "utf8")) as { pid: number };
    expect(taken.pid).toBe(process.pid);
    await store.createBucket("after-takeover");
  }, 30_000);

  it("releases the lock on close so another process can open the dir", async () => {
    const dir = await tempDir();
    const holder = await holdInAnotherProcess(dir);
    const exited = new Promise((resolve) => holder.once("exit", resolve));
    holder.stdin!.write("close\n");
    expect(await exited).toBe(0);
    await expect(readFile(join(dir, "store.lock"))).rejects.toMatchObject({ code: "ENOENT" });
    await openStore(dir);
  }, 30_000);

  it("treats a lock naming this process's pid but not held here as stale (pid reuse after a restart)", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "store.lock"), JSON.stringify({ pid: process.pid, hostname: (await import("node:os")).hostname(), token: "old", since: "" }));
    const store = await openStore(dir);
    await store.createBucket("reused");
  });
});
