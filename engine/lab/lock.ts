import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

/** One engine per lab: `DIR/engine.lock` holds the serving process's pid. */
export class LabLock {
  private held = false;
  readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'engine.lock');
  }

  /** Takes the lock, replacing a stale one left by a process that died; throws if a live one holds it. */
  acquire(): void {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(this.path, 'wx', 0o600);
        writeSync(fd, `${process.pid}\n`);
        closeSync(fd);
        this.held = true;
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const pid = Number(readFileSync(this.path, 'utf8').trim());
        if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid))
          throw new Error(`another stacklab (pid ${pid}) is serving this lab; stop it first (${this.path})`);
        rmSync(this.path, { force: true });
      }
    }
    throw new Error(`could not lock ${this.path}`);
  }

  get isHeld(): boolean {
    return this.held;
  }

  release(): void {
    if (this.held) rmSync(this.path, { force: true });
    this.held = false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
