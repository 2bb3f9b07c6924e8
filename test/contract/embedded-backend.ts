import { singleTenant } from "@rahcp/core";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLocalServer } from "@rahcp/local";
import { EmbeddedBucketStore } from "../../packages/local/src/embedded-store";
import { uniqueBucketPrefix, type Account, type ContractBackend } from "./backend";

/** The same two accounts the RGW script creates, so both backends report the same identities. */
const OWNER: Account = { id: "rahcp-test", displayName: "rahcp test" };
const OTHER: Account = { id: "rahcp-other", displayName: "rahcp other" };

/** The embedded store in a temp data dir behind an in-process local server with the dev issuer. */
export async function embeddedBackend(): Promise<ContractBackend> {
  const dataDir = await mkdtemp(join(tmpdir(), "rahcp-contract-"));
  const store = await EmbeddedBucketStore.open(join(dataDir, "store"), {
    owner: OWNER,
    users: [OTHER],
  });
  try {
    const server = await startLocalServer({ port: 0, host: "127.0.0.1", dataDir, tenants: singleTenant(store), auth: "dev" });
    const issuer = server.devIssuer;
    if (!issuer) throw new Error("the local server started without its development issuer");
    return {
      name: "embedded store",
      url: server.url,
      mintToken: (scopes) => issuer.mint(scopes ? { scopes } : {}),
      objects: {
        putObject: (bucket, key, body) => store.putObject(bucket, key, body),
        deleteObject: async (bucket, key, versionId) => {
          const out = await store.deleteObject(bucket, key, versionId);
          return { versionId: out.versionId, deleteMarker: out.deleteMarker };
        },
      },
      owner: OWNER,
      other: OTHER,
      foreign: undefined,
      foreignUnsupported:
        "the embedded store has one local account that owns every bucket; another account cannot own one",
      knownDefects: {},
      bucketPrefix: uniqueBucketPrefix("ce"),
      removeBucket: async () => undefined, // the whole data dir goes in close()
      close: async () => {
        await server.close();
        await store.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
