/** Identity's entities, in Keystone's attribute names (what the API returns, before links). */

export interface Domain { [k: string]: unknown; id: string; name: string; description: string | null; enabled: boolean; tags: string[]; options: Record<string, unknown> }
export interface Project {
  [k: string]: unknown;
  id: string; name: string; domain_id: string; parent_id: string | null; description: string | null; enabled: boolean;
  tags: string[]; options: Record<string, unknown>;
}
export interface User {
  [k: string]: unknown;
  id: string; name: string; domain_id: string; enabled: boolean; default_project_id?: string | null; description?: string | null;
  password_expires_at: string | null; options: Record<string, unknown>;
  password_hash?: string | null; password_created_at?: string | null; created_at?: string;
}
export interface Group { [k: string]: unknown; id: string; name: string; domain_id: string; description: string | null }
export interface Role { [k: string]: unknown; id: string; name: string; domain_id: string | null; description: string | null; options: Record<string, unknown> }
export interface Region { [k: string]: unknown; id: string; description: string; parent_region_id: string | null }
export interface Service { [k: string]: unknown; id: string; type: string; name: string | null; description?: string | null; enabled: boolean }
export interface Endpoint { [k: string]: unknown; id: string; service_id: string; interface: string; region_id: string | null; url: string; enabled: boolean }
export interface Credential { [k: string]: unknown; id: string; user_id: string; project_id: string | null; type: string; blob: string }
export interface ApplicationCredential {
  [k: string]: unknown;
  id: string; name: string; user_id: string; project_id: string | null; system: string | null; description: string | null;
  expires_at: string | null; unrestricted: boolean; roles: { id: string; name: string; domain_id: string | null }[];
  access_rules: unknown[]; secret_hash?: string;
}
export interface RegisteredLimit { [k: string]: unknown; id: string; service_id: string; region_id: string | null; resource_name: string; default_limit: number; description: string | null }
export interface ProjectLimit {
  [k: string]: unknown;
  id: string; project_id: string | null; domain_id: string | null; service_id: string; region_id: string | null;
  resource_name: string; resource_limit: number; description: string | null;
}
export type AssignmentType = 'UserProject' | 'GroupProject' | 'UserDomain' | 'GroupDomain' | 'UserSystem' | 'GroupSystem';
export interface Assignment { type: AssignmentType; actor_id: string; target_id: string; role_id: string; inherited: boolean }
export interface StoredToken {
  [k: string]: unknown;
  id_hash: string; user_id: string; methods: string[]; project_id: string | null; domain_id: string | null; system: string | null;
  app_cred_id: string | null; audit_id: string; parent_audit_id: string | null; issued_at: string; expires_at: string; revoked: boolean;
}
