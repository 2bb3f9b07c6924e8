import type { Command } from "commander";
import { json, table } from "../format";
import { action, type RunState } from "../invocation";

export function addWhoamiCommand(program: Command, state: RunState): void {
  program
    .command("whoami")
    .summary("show who the API takes you for, and what you may do")
    .description(
      "Your subject, tenant, groups and scopes as the API reads them from your token, and your effective grants in the " +
        "tenant (scopes narrowed by the deployment's access policy), each with the rule that grants it. The token itself is never shown.",
    )
    .addHelpText("after", "\nExamples:\n  rahcp whoami\n  rahcp whoami --json | jq '.grants'")
    .action(
      action(state, async (inv) => {
        const me = await (await inv.client()).me();
        if (inv.json) return inv.out(json(me));
        const list = (values: readonly string[]) => (values.length > 0 ? values.join(", ") : "(none)");
        inv.out(
          [
            `subject:     ${me.sub}`,
            `tenant:      ${me.tenant}`,
            `groups:      ${list(me.groups)}`,
            ...(me.client_id === null ? [] : [`client:      ${me.client_id}`]),
            `scopes:      ${list(me.scopes)}`,
            `permissions: ${list(me.permissions)}${me.policy ? " (narrowed per bucket by the access policy)" : ""}`,
          ].join("\n") + "\n\n",
        );
        if (me.grants.length === 0) return inv.out("No grants: every bucket operation will be refused.\n");
        inv.out(
          table(
            [{ header: "TENANT" }, { header: "BUCKETS" }, { header: "ALLOW" }, { header: "RULE" }],
            me.grants.map((g) => [g.tenant, g.buckets.join(" "), g.allow.join(","), g.rule ?? "(scopes, no policy)"]),
          ),
        );
      }),
    );
}
