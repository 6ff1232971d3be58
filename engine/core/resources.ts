import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A folder of the shipped data (resources/<name>), from the source tree or from dist/ alike: looks
 * upwards from this file for resources/<name>. Undefined-free: returns the nearest candidate even
 * when it is missing, so callers can name it in their error.
 */
export function resourcesDir(name: string): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'resources', name);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return join(__dirname, '..', '..', 'resources', name);
}
