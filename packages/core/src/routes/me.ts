import { AUTH, route } from "./route-spec";

export const me = route({
  id: "me",
  method: "GET",
  path: "/api/v1/me",
  handler: "me",
  permission: "authenticated",
  summary: "Who am I",
  description:
    "The caller as the API sees it: subject, tenant, groups, client, scopes, the permissions the scopes " +
    "grant, and the effective grants in the tenant (scopes ∩ access policy), each with the rule that " +
    "grants it. Never the token. Needs a valid token, no particular scope.",
  successStatus: 200,
  errors: [400, ...AUTH, 500],
});
