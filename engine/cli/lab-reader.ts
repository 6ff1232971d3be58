/**
 * Reads a running lab as its admin would: the OpenStack APIs with a token from keystonerc_admin
 * (endpoints from engine.json), and the host shell through the control socket. Used by the verbs
 * that check a lab's real state (guided labs).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRcPassword } from '../lab/rc-files';
import type { LabReader } from '../lab/guided/types';
import { LabClient } from './lab-client';

interface EngineJson {
  apis: { type: string; url: string }[];
}

export class AdminLabReader implements LabReader {
  private token?: string;
  private shellId?: string;
  private readonly client: LabClient;
  private readonly apis: Map<string, string>;

  constructor(private readonly dataDir: string) {
    this.client = new LabClient(dataDir);
    this.client.requireRunning();
    const info = JSON.parse(readFileSync(join(dataDir, 'engine.json'), 'utf8')) as EngineJson;
    this.apis = new Map(info.apis.map((a) => [a.type, a.url.replace(/\/$/, '')]));
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
    this.shellId ??= (await this.client.call<{ id: string }>('POST', '/shell/sessions')).id;
    return this.client.call<{ stdout: string; stderr: string; code: number }>('POST', `/shell/sessions/${this.shellId}/run`, { line });
  }

  async close(): Promise<void> {
    if (this.shellId) await this.client.call('DELETE', `/shell/sessions/${this.shellId}`).catch(() => undefined);
  }
}
