import { useId, type ReactNode } from 'react';

interface TextFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  type?: 'text' | 'password' | 'email' | 'number' | 'datetime-local';
  required?: boolean;
  placeholder?: string;
  name?: string;
  autoComplete?: string;
}

export function TextField(p: TextFieldProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>
        {p.label}
        {p.required && <span aria-hidden="true"> *</span>}
      </label>
      <input id={id} name={p.name} type={p.type ?? 'text'} value={p.value} required={p.required} placeholder={p.placeholder} autoComplete={p.autoComplete} onChange={(e) => p.onChange(e.target.value)} />
    </div>
  );
}

export function CheckField(p: { label: string; checked: boolean; onChange(checked: boolean): void; name?: string }) {
  const id = useId();
  return (
    <div className="field field--check">
      <input id={id} name={p.name} type="checkbox" checked={p.checked} onChange={(e) => p.onChange(e.target.checked)} />
      <label htmlFor={id}>{p.label}</label>
    </div>
  );
}

export function SelectField(p: { label: string; value: string; onChange(value: string): void; options: { value: string; label: string }[]; required?: boolean; name?: string; children?: ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{p.label}</label>
      <select id={id} name={p.name} value={p.value} required={p.required} onChange={(e) => p.onChange(e.target.value)}>
        {p.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
