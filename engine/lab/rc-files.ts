import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

export interface CloudUser {
  /** Suffix of the rc file and the cloud name: keystonerc_<who>, stacklab-<who>. */
  who: 'admin' | 'demo';
  username: string;
  password: string;
  projectName: string;
}

export const rcPath = (dataDir: string, who: string): string => join(dataDir, `keystonerc_${who}`);
export const cloudsPath = (dataDir: string): string => join(dataDir, 'clouds.yaml');

/** Reads OS_PASSWORD back from an existing rc file, so a restart keeps every password. */
export function readRcPassword(dataDir: string, who: string): string | undefined {
  const p = rcPath(dataDir, who);
  if (!existsSync(p)) return undefined;
  const m = /^\s*export OS_PASSWORD='([^']*)'/m.exec(readFileSync(p, 'utf8'));
  return m?.[1];
}

/** Writes a file with mode 0600 atomically (temp file, then rename). */
function writeSecret(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, path);
}

/**
 * keystonerc_<who> as PackStack writes it (sourced by the student), plus OS_CLIENT_CONFIG_FILE
 * so `openstack --os-cloud stacklab-…` finds this lab's clouds.yaml.
 */
export function rcText(dataDir: string, authUrl: string, region: string, u: CloudUser): string {
  const ps1 = u.who === 'admin' ? 'keystone_admin' : `keystone_${u.who}`;
  return [
    'unset OS_SERVICE_TOKEN',
    `    export OS_USERNAME=${u.username}`,
    `    export OS_PASSWORD='${u.password}'`,
    `    export OS_REGION_NAME=${region}`,
    `    export OS_AUTH_URL=${authUrl}`,
    `    export PS1='[\\u@\\h \\W(${ps1})]\\$ '`,
    '',
    `export OS_PROJECT_NAME=${u.projectName}`,
    'export OS_USER_DOMAIN_NAME=Default',
    'export OS_PROJECT_DOMAIN_NAME=Default',
    'export OS_IDENTITY_API_VERSION=3',
    `export OS_CLIENT_CONFIG_FILE=${cloudsPath(dataDir)}`,
    '',
  ].join('\n');
}

export function cloudsYaml(authUrl: string, region: string, users: CloudUser[]): string {
  const clouds: Record<string, unknown> = {};
  for (const u of users) {
    clouds[`stacklab-${u.who}`] = {
      auth: { auth_url: authUrl, username: u.username, password: u.password, project_name: u.projectName, user_domain_name: 'Default', project_domain_name: 'Default' },
      region_name: region,
      interface: 'public',
      identity_api_version: 3,
    };
  }
  return stringify({ clouds });
}

/** Writes keystonerc_admin, keystonerc_demo and clouds.yaml (all 0600) into the lab. */
export function writeCredentialFiles(dataDir: string, authUrl: string, region: string, users: CloudUser[]): void {
  mkdirSync(dataDir, { recursive: true });
  for (const u of users) writeSecret(rcPath(dataDir, u.who), rcText(dataDir, authUrl, region, u));
  writeSecret(cloudsPath(dataDir), cloudsYaml(authUrl, region, users));
}
