/** `false`. */
import type { ShellCommand } from '../types';

export const falseCommand: ShellCommand = { name: 'false', path: '/usr/bin/false', summary: 'do nothing, unsuccessfully', run: () => ({ stdout: '', stderr: '', code: 1 }) };
