/** `true` and `false`. */
import type { ShellCommand } from '../types';

export const trueCommand: ShellCommand = { name: 'true', path: '/usr/bin/true', summary: 'do nothing, successfully', run: () => ({ stdout: '', stderr: '', code: 0 }) };
