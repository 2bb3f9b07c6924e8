import type { Principal } from "../auth/token-verifier";
import { PERMISSIONS, type Permission } from "../permissions";
import { visitRulesMatching, type AccessPolicy, type PolicyRule } from "./policy";

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
 * policy grants it there (without a policy, the scopes alone). A decision looks only at the rules
 * whose patterns match the bucket (the policy's bucket index), so its cost does not grow with the
 * number of rules or of the caller's groups.
 */
export class CallerAccess {
  private groups: ReadonlySet<string> | undefined;

  constructor(
    readonly principal: Principal,
    readonly tenant: string,
    /** What the token's scopes grant (implications included). */
    readonly scopePermissions: ReadonlySet<Permission>,
    private readonly policy: AccessPolicy | undefined,
  ) {}

  get hasPolicy(): boolean {
    return this.policy !== undefined;
  }

  /** Whether `rule` names this caller, in this tenant. */
  private applies(rule: PolicyRule): boolean {
    if (rule.tenant !== "*" && rule.tenant !== this.tenant) return false;
    const { kind, value } = rule.who;
    if (kind === "sub") return value === this.principal.sub;
    if (kind === "client") return value === this.principal.clientId;
    this.groups ??= new Set(this.principal.groups);
    return this.groups.has(value);
  }

  /** The first rule in document order that grants the caller `permission` on `bucket`. */
  private grantingRule(permission: Permission, bucket: string): PolicyRule | undefined {
    let first: PolicyRule | undefined;
    visitRulesMatching(this.policy!.byBucket, bucket, (rule) => {
      if ((first === undefined || rule.index < first.index) && rule.grants.has(permission) && this.applies(rule)) first = rule;
    });
    return first;
  }

  /** Whether the caller may do `permission` on `bucket`, and the rule that decided. */
  decide(permission: Permission, bucket: string): Decision {
    if (!this.policy) return { allowed: this.scopePermissions.has(permission), rule: NO_POLICY };
    const rule = this.scopePermissions.has(permission) ? this.grantingRule(permission, bucket) : undefined;
    return rule ? { allowed: true, rule: rule.label } : { allowed: false, rule: NO_RULE };
  }

  /** The names the caller may read, in their order. */
  readable(names: readonly string[]): string[] {
    if (!this.scopePermissions.has("read")) return [];
    if (!this.policy) return [...names];
    const index = this.policy.byBucket;
    const readsIt = (rule: PolicyRule) => rule.grants.has("read") && this.applies(rule);
    return names.filter((name) => {
      let found = false;
      visitRulesMatching(index, name, (rule) => (found = readsIt(rule)));
      return found;
    });
  }

  /** Every grant the caller holds in this tenant, narrowed to its scopes, in document order. */
  grants(): EffectiveGrant[] {
    const fromScopes = PERMISSIONS.filter((p) => this.scopePermissions.has(p));
    if (!this.policy) return fromScopes.length > 0 ? [{ tenant: this.tenant, buckets: ["*"], allow: fromScopes, rule: null }] : [];
    return this.policy.rules.flatMap((rule) => {
      if (!this.applies(rule)) return [];
      const allow = PERMISSIONS.filter((p) => rule.grants.has(p) && this.scopePermissions.has(p));
      return allow.length > 0 ? [{ tenant: rule.tenant, buckets: rule.buckets, allow, rule: rule.label }] : [];
    });
  }
}
