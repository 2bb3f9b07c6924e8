import type { Principal } from "../auth/token-verifier";
import { PERMISSIONS, type Permission } from "../permissions";
import type { AccessPolicy, PolicyRule } from "./policy";

/** The audit log's `rule` when no access policy is configured: the token's scopes alone decided. */
export const NO_POLICY = "no-policy";
/** The audit log's `rule` when the policy has no rule granting the call. */
export const NO_RULE = "none";

export interface Decision {
  readonly allowed: boolean;
  /** The rule that granted the call (its label), NO_RULE, or NO_POLICY. */
  readonly rule: string;
}

/** One line of `GET /api/v1/me`: what the caller may do where, and which rule says so. */
export interface EffectiveGrant {
  readonly tenant: string;
  readonly buckets: readonly string[];
  readonly allow: Permission[];
  /** The granting rule's label; null without a policy (the scopes grant on every bucket). */
  readonly rule: string | null;
}

/**
 * What one caller may do in the tenant of its request: its token's scopes intersected with what the
 * policy grants it there (without a policy, the scopes alone). Built once per request from the few
 * rules that name the caller, so each decision looks at those only.
 */
export class CallerAccess {
  /** The caller's rules for this tenant, in document order; undefined without a policy. */
  private readonly rules: readonly PolicyRule[] | undefined;

  constructor(
    readonly principal: Principal,
    readonly tenant: string,
    /** What the token's scopes grant (implications included). */
    readonly scopePermissions: ReadonlySet<Permission>,
    policy: AccessPolicy | undefined,
  ) {
    this.rules = policy && rulesFor(policy, principal, tenant);
  }

  get hasPolicy(): boolean {
    return this.rules !== undefined;
  }

  /** Whether the caller may do `permission` on `bucket`, and the rule that decided. */
  decide(permission: Permission, bucket: string): Decision {
    if (!this.rules) return { allowed: this.scopePermissions.has(permission), rule: NO_POLICY };
    if (this.scopePermissions.has(permission)) {
      for (const rule of this.rules) if (rule.grants.has(permission) && rule.matches(bucket)) return { allowed: true, rule: rule.label };
    }
    return { allowed: false, rule: NO_RULE };
  }

  /** The names the caller may read, in their order. */
  readable(names: readonly string[]): string[] {
    if (!this.scopePermissions.has("read")) return [];
    const rules = this.rules?.filter((rule) => rule.grants.has("read"));
    if (!rules) return [...names];
    return names.filter((name) => rules.some((rule) => rule.matches(name)));
  }

  /** Every grant the caller holds in this tenant, narrowed to its scopes. */
  grants(): EffectiveGrant[] {
    const fromScopes = PERMISSIONS.filter((p) => this.scopePermissions.has(p));
    if (!this.rules) return fromScopes.length > 0 ? [{ tenant: this.tenant, buckets: ["*"], allow: fromScopes, rule: null }] : [];
    return this.rules.flatMap((rule) => {
      const allow = PERMISSIONS.filter((p) => rule.grants.has(p) && this.scopePermissions.has(p));
      return allow.length > 0 ? [{ tenant: rule.tenant, buckets: rule.buckets, allow, rule: rule.label }] : [];
    });
  }
}

/** The rules naming the principal (by group, subject or client) for `tenant`, in document order. */
function rulesFor(policy: AccessPolicy, principal: Principal, tenant: string): PolicyRule[] {
  const found: PolicyRule[] = [];
  const add = (rules: readonly PolicyRule[] | undefined) => {
    if (rules) for (const rule of rules) if (rule.tenant === "*" || rule.tenant === tenant) found.push(rule);
  };
  for (const group of new Set(principal.groups)) add(policy.byWho.group.get(group));
  add(policy.byWho.sub.get(principal.sub));
  if (principal.clientId !== undefined) add(policy.byWho.client.get(principal.clientId));
  return found.sort((a, b) => a.index - b.index);
}
