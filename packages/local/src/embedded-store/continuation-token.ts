import { StoreError } from "@rahcp/core";
import type { CurrentStart } from "./version-index";

/** ListObjectsV2 continuation tokens are opaque to clients: the last key or common prefix returned, encoded. */
export function encodeContinuationToken(start: CurrentStart): string {
  const text = "afterKey" in start ? `k:${start.afterKey}` : `p:${start.afterPrefix}`;
  return Buffer.from(text, "utf8").toString("base64url");
}

export function decodeContinuationToken(token: string, bucket: string): CurrentStart {
  const text = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, "base64url").toString("utf8") : "";
  if (text.startsWith("k:") && text.length > 2) return { afterKey: text.slice(2) };
  if (text.startsWith("p:") && text.length > 2) return { afterPrefix: text.slice(2) };
  throw new StoreError("InvalidArgument", bucket, "the continuation token provided is incorrect");
}
