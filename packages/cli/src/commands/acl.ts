import type { AclGrantee, SetAclRequest } from "@rahcp/client";
import type { Command } from "commander";
import { UsageError } from "../exit-codes";
import { json, plural, table } from "../format";
import { action, type Invocation, type RunState } from "../invocation";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The policy shape ({Owner, Grants}) or what `rahcp s3 acl BUCKET --json` prints ({owner, grants}):
 * the API takes both, so a saved ACL can be edited and put back. The API validates the details.
 */
export function policyFromFile(value: unknown, file: string): SetAclRequest {
  if (isRecord(value) && ("Owner" in value || "Grants" in value)) return value as unknown as SetAclRequest;
  if (isRecord(value) && ("owner" in value || "grants" in value)) return value as unknown as SetAclRequest;
  throw new UsageError(`${file} must hold an ACL policy: {"Owner": {"ID": ...}, "Grants": [{"Grantee": {...}, "Permission": ...}]}`);
}

function grantCount(policy: SetAclRequest): number {
  const grants: unknown = "Grants" in policy ? policy.Grants : policy.grants;
  return Array.isArray(grants) ? grants.length : 0;
}

async function readPolicy(inv: Invocation, file: string): Promise<SetAclRequest> {
  const name = file === "-" ? "standard input" : file;
  let text: string;
  try {
    text = file === "-" ? await inv.io.readStdin() : await inv.io.readFile(file);
  } catch (error) {
    throw new UsageError(`cannot read ${name}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${name} is not valid JSON: ${(error as Error).message}`);
  }
  return policyFromFile(value, name);
}

function granteeLabel(grantee: AclGrantee): string {
  const id = grantee.Type === "CanonicalUser" ? grantee.ID : grantee.Type === "Group" ? grantee.URI : grantee.EmailAddress;
  const name = grantee.Type === "Group" ? undefined : grantee.DisplayName;
  return name && name !== id ? `${name} (${id})` : id;
}

export function addAclCommand(s3: Command, state: RunState): void {
  s3.command("acl")
    .summary("show or replace a bucket's access control list")
    .description(
      "Without --set: show BUCKET's owner and grants.\n" +
        "With --set FILE.json: replace the whole ACL (owner and every grant; needs the buckets:admin scope).\n" +
        'FILE holds {"Owner": {"ID": ...}, "Grants": [{"Grantee": {"Type": "CanonicalUser", "ID": ...}, "Permission": "READ"}]},\n' +
        "or the output of `rahcp s3 acl BUCKET --json`; - reads standard input.\n" +
        "Grantee types: CanonicalUser (ID), Group (URI), AmazonCustomerByEmail (EmailAddress).\n" +
        "Permissions: FULL_CONTROL, WRITE, WRITE_ACP, READ, READ_ACP.",
    )
    .argument("<bucket>", "bucket")
    .option("--set <file>", "replace the ACL with the policy in this JSON file (- for stdin)")
    .addHelpText("after", "\nExamples:\n  rahcp s3 acl my-bucket --json > acl.json\n  rahcp s3 acl my-bucket --set acl.json")
    .action(
      action(state, async (inv, bucket: string, flags: { set?: string }) => {
        const client = await inv.client();
        if (flags.set !== undefined) {
          const policy = await readPolicy(inv, flags.set);
          const result = await client.s3.setAcl(bucket, policy);
          return inv.out(inv.json ? json(result) : `Replaced the ACL of ${result.bucket} (${plural(grantCount(policy), "grant")})\n`);
        }
        const acl = await client.s3.getAcl(bucket);
        if (inv.json) return inv.out(json(acl));
        inv.out(`Owner: ${granteeLabel({ Type: "CanonicalUser", ...acl.owner })}\n`);
        if (acl.grants.length === 0) return inv.out("No grants.\n");
        const rows = acl.grants.map((g) => [granteeLabel(g.Grantee), g.Grantee.Type, g.Permission]);
        inv.out(table([{ header: "GRANTEE" }, { header: "TYPE" }, { header: "PERMISSION" }], rows));
      }),
    );
}
