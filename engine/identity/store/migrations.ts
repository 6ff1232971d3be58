import type { Migration } from '../../core/db';

/** Identity's tables. Append new migrations; never edit one that has shipped. */
export const identityMigrations: Migration[] = [
  {
    id: '0001_initial',
    up: `
CREATE TABLE identity_domain (
  id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE, description TEXT,
  enabled INTEGER NOT NULL DEFAULT 1, tags TEXT NOT NULL DEFAULT '[]', options TEXT NOT NULL DEFAULT '{}',
  extra TEXT NOT NULL DEFAULT '{}');
CREATE TABLE identity_project (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, domain_id TEXT NOT NULL REFERENCES identity_domain(id),
  parent_id TEXT, description TEXT, enabled INTEGER NOT NULL DEFAULT 1,
  tags TEXT NOT NULL DEFAULT '[]', options TEXT NOT NULL DEFAULT '{}', extra TEXT NOT NULL DEFAULT '{}',
  UNIQUE (domain_id, name));
CREATE TABLE identity_user (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, domain_id TEXT NOT NULL REFERENCES identity_domain(id),
  enabled INTEGER NOT NULL DEFAULT 1, default_project_id TEXT, description TEXT,
  password_hash TEXT, password_created_at TEXT, password_expires_at TEXT,
  options TEXT NOT NULL DEFAULT '{}', extra TEXT NOT NULL DEFAULT '{}', created_at TEXT NOT NULL,
  UNIQUE (domain_id, name));
CREATE TABLE identity_group (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, domain_id TEXT NOT NULL REFERENCES identity_domain(id),
  description TEXT, extra TEXT NOT NULL DEFAULT '{}', UNIQUE (domain_id, name));
CREATE TABLE identity_user_group (
  user_id TEXT NOT NULL REFERENCES identity_user(id) ON DELETE CASCADE,
  group_id TEXT NOT NULL REFERENCES identity_group(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, group_id));
CREATE TABLE identity_role (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, domain_id TEXT, description TEXT,
  options TEXT NOT NULL DEFAULT '{}', extra TEXT NOT NULL DEFAULT '{}');
CREATE UNIQUE INDEX identity_role_name ON identity_role (name COLLATE NOCASE, IFNULL(domain_id, ''));
CREATE TABLE identity_implied_role (
  prior_role_id TEXT NOT NULL REFERENCES identity_role(id) ON DELETE CASCADE,
  implied_role_id TEXT NOT NULL REFERENCES identity_role(id) ON DELETE CASCADE,
  PRIMARY KEY (prior_role_id, implied_role_id));
-- type: UserProject GroupProject UserDomain GroupDomain UserSystem GroupSystem
CREATE TABLE identity_assignment (
  type TEXT NOT NULL, actor_id TEXT NOT NULL, target_id TEXT NOT NULL,
  role_id TEXT NOT NULL REFERENCES identity_role(id) ON DELETE CASCADE,
  inherited INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (type, actor_id, target_id, role_id, inherited));
CREATE INDEX identity_assignment_actor ON identity_assignment (actor_id);
CREATE INDEX identity_assignment_target ON identity_assignment (target_id);
CREATE TABLE identity_region (
  id TEXT PRIMARY KEY, description TEXT NOT NULL DEFAULT '', parent_region_id TEXT REFERENCES identity_region(id),
  extra TEXT NOT NULL DEFAULT '{}');
CREATE TABLE identity_service (
  id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT, description TEXT, enabled INTEGER NOT NULL DEFAULT 1,
  extra TEXT NOT NULL DEFAULT '{}');
CREATE TABLE identity_endpoint (
  id TEXT PRIMARY KEY, service_id TEXT NOT NULL REFERENCES identity_service(id) ON DELETE CASCADE,
  interface TEXT NOT NULL, region_id TEXT REFERENCES identity_region(id), url TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1, extra TEXT NOT NULL DEFAULT '{}');
CREATE TABLE identity_credential (
  id TEXT PRIMARY KEY, user_id TEXT NOT NULL, project_id TEXT, type TEXT NOT NULL, blob TEXT NOT NULL,
  extra TEXT NOT NULL DEFAULT '{}');
CREATE TABLE identity_application_credential (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, user_id TEXT NOT NULL REFERENCES identity_user(id) ON DELETE CASCADE,
  project_id TEXT, system TEXT, secret_hash TEXT NOT NULL, description TEXT, expires_at TEXT,
  unrestricted INTEGER NOT NULL DEFAULT 0, roles TEXT NOT NULL DEFAULT '[]', access_rules TEXT NOT NULL DEFAULT '[]',
  UNIQUE (user_id, name));
CREATE TABLE identity_registered_limit (
  id TEXT PRIMARY KEY, service_id TEXT NOT NULL REFERENCES identity_service(id), region_id TEXT,
  resource_name TEXT NOT NULL, default_limit INTEGER NOT NULL, description TEXT);
CREATE UNIQUE INDEX identity_registered_limit_u ON identity_registered_limit (service_id, IFNULL(region_id, ''), resource_name);
CREATE TABLE identity_limit (
  id TEXT PRIMARY KEY, project_id TEXT, domain_id TEXT, service_id TEXT NOT NULL REFERENCES identity_service(id),
  region_id TEXT, resource_name TEXT NOT NULL, resource_limit INTEGER NOT NULL, description TEXT);
CREATE UNIQUE INDEX identity_limit_u ON identity_limit (IFNULL(project_id, ''), IFNULL(domain_id, ''), service_id, IFNULL(region_id, ''), resource_name);
-- tokens are random; only their SHA-256 is stored
CREATE TABLE identity_token (
  id_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, methods TEXT NOT NULL, project_id TEXT, domain_id TEXT,
  system TEXT, app_cred_id TEXT, audit_id TEXT NOT NULL, parent_audit_id TEXT,
  issued_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
CREATE INDEX identity_token_user ON identity_token (user_id);
CREATE TABLE identity_bootstrap (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`,
  },
];
