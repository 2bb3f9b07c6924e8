import type { Command } from "commander";
import { CONFIG_HELP } from "../config-file";
import { json } from "../format";
import { action, type RunState } from "../invocation";

export function addConfigCommand(program: Command, state: RunState): void {
  const config = program.command("config").description("inspect the CLI configuration").addHelpText("after", `\n${CONFIG_HELP}`);
  config
    .command("show")
    .description("print the effective settings and where each comes from (the token is never printed)")
    .action(
      action(state, async (inv) => {
        const s = await inv.settings();
        const token = s.token ? `set (${s.token.length} characters)` : "not set";
        const view = {
          config_file: s.configPath,
          profile: s.profile,
          endpoint: { value: s.endpoint ?? null, source: s.sources.endpoint },
          token: { value: token, source: s.sources.token },
          timeout_seconds: { value: s.timeoutSeconds, source: s.sources.timeout },
          retries: { value: s.retries, source: s.sources.retries },
        };
        if (inv.json) return inv.out(json(view));
        inv.out(
          [
            `config file  ${s.configPath}`,
            `profile      ${s.profile}`,
            `endpoint     ${s.endpoint ?? "not set"}  (${s.sources.endpoint})`,
            `token        ${token}  (${s.sources.token})`,
            `timeout      ${s.timeoutSeconds} s  (${s.sources.timeout})`,
            `retries      ${s.retries}  (${s.sources.retries})`,
          ].join("\n") + "\n",
        );
      }),
    );
}
