/** A resource status (ACTIVE, DOWN, ERROR, UP…) or a yes/no, coloured by what it means. */
export function Badge({ value }: { value: string | boolean }) {
  const text = typeof value === 'boolean' ? (value ? 'Yes' : 'No') : value;
  // a yes/no is a fact, not a health: only statuses get colours
  const tone = typeof value === 'boolean' ? 'neutral' : /^(ACTIVE|UP|:-\))$/i.test(text) ? 'ok' : /^(ERROR|DOWN|XXX|BUILD_FAILED)$/i.test(text) ? 'bad' : 'neutral';
  return <span className={`badge badge--${tone}`}>{text}</span>;
}
