import { useEffect } from 'react';
import { useStackLab } from '../store/provider';

/** Horizon's success/error messages, top right; successes fade after a few seconds. */
export function Notices() {
  const notices = useStackLab((s) => s.notices);
  const dismiss = useStackLab((s) => s.dismiss);
  useEffect(() => {
    const timers = notices.filter((n) => n.kind === 'success').map((n) => setTimeout(() => dismiss(n.id), 4000));
    return () => timers.forEach(clearTimeout);
  }, [notices, dismiss]);
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice--${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}>
          <span>{n.text}</span>
          <button type="button" className="btn btn--icon" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
