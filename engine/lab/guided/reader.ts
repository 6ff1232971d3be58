/**
 * Reads a running lab as its admin would: the OpenStack APIs with a token from keystonerc_admin,
 * and the host shell (through the control socket from the CLI, or the engine's host runtime in
 * process). Used to check a lab's real state (guided labs).
 */
import { readRcPassword } from '../rc-files';
import type { LabReader } from './types';

/** A host shell the reader can open one session in. */
export interface HostShellAccess {
  openSession(): Promise<{ id: string }> | { id: string };
  run(id: string, line: string): Promise<{ stdout: string; stderr: string; code: number }>;
  closeSession(id: string): Promise<unknown> | void;
}

export class AdminLabReader implements LabReader {
  private token?: string;
  private shellId?: string;
  private readonly apis: Map<string, string>;

  constructor(
    private readonly dataDir: string,
    apis: readonly { type: string; url: string }[],
    private readonly shell: HostShellAccess,
  ) {
    this.apis = new Map(apis.map((a) => [a.type, a.url.replace(/\/$/, '')]));
  }

  private base(service: string): string {
    const url = this.apis.get(service);
    if (!url) throw new Error(`the lab serves no ${service} API`);
    return url;
  }

  private async login(): Promise<string> {
    if (this.token) return this.token;
    const password = readRcPassword(this.dataDir, 'admin');
    if (!password) throw new Error(`no keystonerc_admin in ${this.dataDir}`);
    const res = await fetch(`${this.base('identity')}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: { methods: ['password'], password: { user: { name: 'admin', domain: { name: 'Default' }, password } } },
          scope: { project: { name: 'admin', domain: { name: 'Default' } } },
        },
      }),
    });
    if (res.status !== 201) throw new Error(`cannot log in as admin: ${res.status}`);
    this.token = res.headers.get('x-subject-token') ?? '';
    return this.token;
  }

  async get(service: string, path: string): Promise<unknown> {
    const res = await fetch(this.base(service) + path, { headers: { 'x-auth-token': await this.login(), accept: 'application/json', 'openstack-api-version': 'compute 2.79' } });
    if (res.status === 404) return {};
    if (res.status >= 400) throw new Error(`GET ${service} ${path}: ${res.status} ${(await res.text()).slice(0, 200)}`);
    return res.json();
  }

  async host(line: string): Promise<{ stdout: string; stderr: string; code: number }> {
    this.shellId ??= (await this.shell.openSession()).id;
    return this.shell.run(this.shellId, line);
  }

  async close(): Promise<void> {
    if (this.shellId) await Promise.resolve(this.shell.closeSession(this.shellId)).catch(() => undefined);
  }
}
