import { LabClient } from '../../cli/lab-client';
import type { Probe } from './types';

interface RunResult { stdout: string; stderr: string; code: number }

/** A host-shell session on the running lab with keystonerc_admin sourced, as a student's root shell. */
export async function openProbe(dataDir: string): Promise<{ probe: Probe; close: () => Promise<void> }> {
  const lab = new LabClient(dataDir);
  lab.requireRunning();
  const session = await lab.call<{ id: string }>('POST', '/shell/sessions');
  const probe: Probe = async (line) => {
    const r = await lab.call<RunResult>('POST', `/shell/sessions/${session.id}/run`, { line });
    return { stdout: r.stdout, stderr: r.stderr, code: r.code };
  };
  await probe('source /root/keystonerc_admin');
  return { probe, close: () => lab.call('DELETE', `/shell/sessions/${session.id}`) };
}
