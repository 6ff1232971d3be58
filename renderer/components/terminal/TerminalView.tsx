import { useEffect, useRef } from 'react';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import type { TerminalTarget } from '../../store/slices/terminals/action';
import { useServices } from '../services-context';

/**
 * One terminal tab: an xterm.js view bound to a session on the host (a pty, or an instance's
 * console). Bytes go straight from the `term:data` event into xterm (never through the store); what
 * xterm has written is acknowledged so the host can pause a flood.
 */
export function TerminalView({ target, active, onTitle }: { target: TerminalTarget; active: boolean; onTitle?(title: string): void }) {
  const { lab } = useServices();
  const box = useRef<HTMLDivElement>(null);
  const fitRef = useRef<FitAddon | null>(null);
  const onTitleRef = useRef(onTitle);
  onTitleRef.current = onTitle;

  useEffect(() => {
    const term = new Terminal({ fontSize: 13, fontFamily: 'ui-monospace, "DejaVu Sans Mono", monospace', cursorBlink: true, scrollback: 5000, convertEol: false });
    const fit = new FitAddon();
    fitRef.current = fit;
    term.loadAddon(fit);
    term.open(box.current!);
    try {
      fit.fit();
    } catch {
      // not laid out yet
    }
    let id: string | null = null;
    let disposed = false;
    const early: { id: string; data: string }[] = [];
    const offData = lab.terminals.onData((e) => {
      if (id === null) return void early.push(e);
      if (e.id !== id) return;
      term.write(e.data, () => void lab.terminals.ack(e.id, e.data.length).catch(() => undefined));
    });
    const offExit = lab.terminals.onExit((e) => {
      if (e.id === id) term.write(`\r\n[process exited${e.code === null ? '' : ` with code ${e.code}`}]\r\n`);
    });
    const input = term.onData((d) => id && void lab.terminals.write(id, d).catch(() => undefined));
    const resize = term.onResize(({ cols, rows }) => id && void lab.terminals.resize(id, cols, rows).catch(() => undefined));
    lab.terminals.open({ ...target, cols: term.cols, rows: term.rows }).then(
      (info) => {
        if (disposed) return void lab.terminals.close(info.id).catch(() => undefined);
        id = info.id;
        onTitleRef.current?.(info.title);
        for (const e of early.splice(0)) if (e.id === id) term.write(e.data, () => void lab.terminals.ack(e.id, e.data.length).catch(() => undefined));
      },
      (error: unknown) => term.write(`\r\n[${error instanceof Error ? error.message : String(error)}]\r\n`),
    );
    const observer = new ResizeObserver(() => {
      try {
        fit.fit();
      } catch {
        // hidden
      }
    });
    observer.observe(box.current!);
    return () => {
      disposed = true;
      observer.disconnect();
      offData();
      offExit();
      input.dispose();
      resize.dispose();
      if (id) void lab.terminals.close(id).catch(() => undefined);
      term.dispose();
    };
    // one session per mounted view: the target of a tab never changes
  }, []);

  useEffect(() => {
    if (!active) return;
    try {
      fitRef.current?.fit();
    } catch {
      // hidden
    }
    box.current?.querySelector<HTMLTextAreaElement>('textarea')?.focus();
  }, [active]);

  return <div className="terminal-view" ref={box} hidden={!active} data-terminal-kind={target.kind} />;
}
