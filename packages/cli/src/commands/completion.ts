import { Argument, type Command } from "commander";
import { action, type RunState } from "../invocation";

interface Node {
  path: string;
  words: string[];
}

/** Every command path with the words that may follow it (subcommands, options, argument choices). */
function completionTable(program: Command): { nodes: Node[]; valueOptions: string[] } {
  const nodes: Node[] = [];
  const valueOptions = new Set<string>();
  const visit = (command: Command, path: string[], inherited: string[]) => {
    const options = command.options.filter((o) => !o.hidden).map((o) => o.long ?? o.short ?? "");
    for (const o of command.options) if (o.required || o.optional) valueOptions.add(o.long ?? o.short ?? "");
    const globals = path.length === 0 ? options : inherited;
    const subcommands = command.commands.filter((c) => !(c as Command & { _hidden?: boolean })._hidden).map((c) => c.name());
    const choices = command.registeredArguments.flatMap((a: Argument) => a.argChoices ?? []);
    nodes.push({ path: path.join(" "), words: [...subcommands, ...choices, ...options, ...(path.length > 0 ? globals : []), "--help"] });
    for (const sub of command.commands) visit(sub, [...path, sub.name()], globals);
  };
  visit(program, [], []);
  return { nodes, valueOptions: [...valueOptions].filter(Boolean) };
}

export function bashCompletion(program: Command): string {
  const { nodes, valueOptions } = completionTable(program);
  const cases = nodes
    .sort((a, b) => b.path.length - a.path.length)
    .map((n) => `    "${n.path}"*) words="${[...new Set(n.words)].join(" ")}" ;;`)
    .join("\n");
  return `# rahcp bash completion: eval "$(rahcp completion bash)" (add it to ~/.bashrc)
_rahcp_complete() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" words="" i w
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    case "$w" in
      ${valueOptions.join("|")}) i=$((i + 1)) ;;
      -*) ;;
      *) path="\${path:+$path }$w" ;;
    esac
  done
  case "$path" in
${cases}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _rahcp_complete rahcp
`;
}

export function addCompletionCommand(program: Command, state: RunState): void {
  program
    .command("completion")
    .description("print a shell completion script (bash, or zsh through bashcompinit)")
    .addArgument(new Argument("[shell]", "shell").choices(["bash", "zsh"]).default("bash"))
    .addHelpText("after", '\nInstall:\n  bash: echo \'eval "$(rahcp completion bash)"\' >> ~/.bashrc\n  zsh:  echo \'eval "$(rahcp completion zsh)"\' >> ~/.zshrc')
    .action(
      action(state, async (inv, shell: "bash" | "zsh") => {
        const script = bashCompletion(program);
        inv.out(shell === "zsh" ? `autoload -U +X bashcompinit && bashcompinit\n${script}` : script);
      }),
    );
}
