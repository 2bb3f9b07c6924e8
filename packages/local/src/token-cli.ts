/**
 * `npm run token`: prints a development access token, and nothing else, on stdout so that
 * `TOKEN=$(npm run -s token)` works. Signed with the key the local server's dev issuer publishes.
 */
import { tokenRules } from "@rahcp/core";
import { devIssuerUrl, openDevIssuer } from "./dev-issuer";
import { dataDirFromEnv, portFromEnv } from "./local-settings";
import { parseTokenArgs, TOKEN_USAGE, UsageError } from "./token-args";

async function main(argv: string[]): Promise<number> {
  let args;
  let port: number;
  try {
    args = parseTokenArgs(argv);
    port = portFromEnv();
  } catch (error) {
    const usage = error instanceof UsageError ? `\n\n${TOKEN_USAGE}` : "";
    process.stderr.write(`token: ${error instanceof Error ? error.message : String(error)}${usage}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${TOKEN_USAGE}\n`);
    return 0;
  }
  if (process.env.AUTH_ISSUER) {
    process.stderr.write(
      `token: AUTH_ISSUER is set (${process.env.AUTH_ISSUER}), so the local server trusts that identity ` +
        "provider, not the development issuer. Get a token from that provider instead.\n",
    );
    return 1;
  }
  const issuer = await openDevIssuer(dataDirFromEnv(), devIssuerUrl(port), tokenRules(process.env));
  process.stdout.write(`${await issuer.mint(args)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`token: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
