import { Argument, type Command } from "commander";
import { json } from "../format";
import { action, type RunState } from "../invocation";

const STATES = { enable: "Enabled", suspend: "Suspended" } as const;

export function addVersioningCommand(s3: Command, state: RunState): void {
  s3.command("versioning")
    .summary("show, enable or suspend bucket versioning")
    .description(
      "Without STATE: show BUCKET's versioning status (Enabled, Suspended, or never enabled).\n" +
        "With STATE: enable or suspend versioning. Once enabled, versioning can only be suspended, never turned off.",
    )
    .argument("<bucket>", "bucket")
    .addArgument(new Argument("[state]", "new state").choices(Object.keys(STATES)))
    .addHelpText("after", "\nExamples:\n  rahcp s3 versioning my-bucket\n  rahcp s3 versioning my-bucket enable")
    .action(
      action(state, async (inv, bucket: string, wanted: keyof typeof STATES | undefined) => {
        const client = await inv.client();
        if (wanted !== undefined) {
          const result = await client.s3.setVersioning(bucket, STATES[wanted]);
          return inv.out(inv.json ? json(result) : `Versioning of ${bucket}: ${result.versioning}\n`);
        }
        const result = await client.s3.getVersioning(bucket);
        if (inv.json) return inv.out(json(result));
        inv.out(`Versioning of ${bucket}: ${result.status ?? "never enabled"}\n`);
        if (result.mfa_delete !== null) inv.out(`MFA delete: ${result.mfa_delete}\n`);
      }),
    );
}
