import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';

/** Talks to the engine serving a lab, over the control socket in its data directory. */
export class LabClient {
  readonly socketPath: string;

  constructor(readonly dataDir: string) {
    this.socketPath = join(dataDir, 'engine.sock');
  }

  /** Throws a message for the student when no engine serves this lab. */
  requireRunning(): void {
    if (!existsSync(this.socketPath) || !existsSync(join(this.dataDir, 'engine.json')))
      throw new Error(`no lab is running on ${this.dataDir}; start it with: npx stacklab serve --data-dir ${this.dataDir}`);
  }

  call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        { socketPath: this.socketPath, method, path, headers: data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {} },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => {
            const parsed = text ? (JSON.parse(text) as T & { error?: string }) : (undefined as T);
            if ((res.statusCode ?? 500) >= 400) reject(new Error((parsed as { error?: string })?.error ?? `lab answered ${res.statusCode}`));
            else resolve(parsed);
          });
        },
      );
      req.on('error', (e) => reject(new Error(`cannot reach the lab on ${this.dataDir}: ${e.message}`)));
      if (data) req.write(data);
      req.end();
    });
  }
}
