import type { AuthSettings } from "@rahcp/core";

/**
 * The IPC conversation between the `npm run dev` supervisor and a server process (child.ts):
 * the process loads its modules and says "loaded" while the previous process still serves; the
 * supervisor says "start" once that one has stopped (it held the data dir); "ready" or "failed"
 * follows; "stop" ends it.
 */
export type ServerProcessMessage =
  | { type: "loaded" }
  | { type: "ready"; port: number; backend: string; auth: AuthSettings; devIssuer: boolean; policy?: { source: string; rules: number } | undefined }
  | { type: "failed"; message: string };

export type SupervisorMessage = { type: "start" } | { type: "stop" };

/** The port the supervisor listens on, handed to each server process. */
export const PUBLIC_PORT_ENV = "RAHCP_DEV_PUBLIC_PORT";
