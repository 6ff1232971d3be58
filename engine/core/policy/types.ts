/** A registered policy rule with its default check string (oslo.policy's RuleDefault). */
export interface RuleDefault {
  name: string;
  checkStr: string;
  description?: string;
  operations?: { path: string; method: string }[];
  /** Informational only: scope enforcement is off, as in Keystone 22's default config. */
  scopeTypes?: string[];
}

/**
 * The caller's credentials, shaped like the dict Keystone hands to oslo.policy
 * (RequestContext.to_policy_values()); extra keys such as `token` can be matched by
 * generic checks, including dotted paths like `token.domain.id`.
 */
export interface Credentials {
  user_id?: string | null;
  project_id?: string | null;
  domain_id?: string | null;
  system_scope?: string | null;
  roles: string[];
  is_admin?: boolean;
  is_admin_project?: boolean;
  [key: string]: unknown;
}
