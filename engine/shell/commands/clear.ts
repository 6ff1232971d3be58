/** `clear`: the terminal's clear-screen sequence. */
import type { ShellCommand } from '../types';

export const clearCommand: ShellCommand = {
  name: 'clear',
  path: '/usr/bin/clear',
  summary: 'clear the terminal',
  run: () => ({ stdout: '\x1b[H\x1b[2J\x1b[3J', stderr: '', code: 0 }),
};
