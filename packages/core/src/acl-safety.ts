import type { Grant } from "./store/bucket-store";

/**
 * S3's predefined groups that stand for "everyone" (anonymous or any account): grants to them make
 * a bucket public. Like S3's Block Public Access, the API refuses them unless the stage allows it.
 */
const PUBLIC_GROUP_PATHS = new Set(["/groups/global/allusers", "/groups/global/authenticatedusers"]);

function isPublicGroup(uri: string): boolean {
  if (!URL.canParse(uri)) return false;
  const url = new URL(uri);
  return url.hostname === "acs.amazonaws.com" && PUBLIC_GROUP_PATHS.has(url.pathname.toLowerCase().replace(/\/+$/, ""));
}

/** The public group URIs `grants` name, each once. */
export function publicGrantees(grants: readonly Grant[]): string[] {
  const uris = grants.flatMap((g) => (g.Grantee.Type === "Group" && g.Grantee.URI && isPublicGroup(g.Grantee.URI) ? [g.Grantee.URI] : []));
  return [...new Set(uris)];
}
