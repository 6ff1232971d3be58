import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';

export interface ModalFormProps {
  title: string;
  submitLabel: string;
  onClose(): void;
  /** Runs the action; a thrown error is shown in the form, which stays open. */
  onSubmit(): Promise<void>;
  children: ReactNode;
  /** Horizon's right-hand help text. */
  help?: ReactNode;
}

/** A modal create/edit form: focus moves in, Escape closes, errors stay in the form. */
export function ModalForm(props: ModalFormProps) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();
  const dialog = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    dialog.current?.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
    return () => previous?.focus?.();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      await props.onSubmit();
      props.onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setPending(false);
    }
  };

  return (
    <div className="modal__backdrop" onKeyDown={(e) => e.key === 'Escape' && props.onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={dialog}>
        <form onSubmit={submit}>
          <header className="modal__header">
            <h2 id={titleId}>{props.title}</h2>
            <button type="button" className="btn btn--icon" aria-label="Close" onClick={props.onClose}>
              ×
            </button>
          </header>
          <div className="modal__body">
            <div className="modal__fields">{props.children}</div>
            {props.help && <aside className="modal__help">{props.help}</aside>}
          </div>
          {error && (
            <p className="alert alert--error" role="alert">
              {error}
            </p>
          )}
          <footer className="modal__footer">
            <button type="button" className="btn" onClick={props.onClose}>
              Cancel
            </button>
            <button type="submit" className="btn btn--primary" disabled={pending}>
              {pending ? 'Working…' : props.submitLabel}
            </button>
          </footer>
        </form>
      </div>
    </div>
  );
}
