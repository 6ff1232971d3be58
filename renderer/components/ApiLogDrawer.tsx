import { useStackLab } from '../store/provider';

/** Every REST call of the session with its `openstack …` twin: the GUI teaches the CLI. */
export function ApiLogDrawer() {
  const open = useStackLab((s) => s.apiLogOpen);
  const setOpen = useStackLab((s) => s.setApiLogOpen);
  const calls = useStackLab((s) => s.calls);
  return (
    <section className={`apilog ${open ? 'apilog--open' : ''}`} aria-label="API log">
      <button type="button" className="apilog__toggle" aria-expanded={open} aria-controls="apilog-body" onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'} API log <span className="apilog__count">{calls.length} calls</span>
      </button>
      {open && (
        <div id="apilog-body" className="apilog__body">
          <table>
            <thead>
              <tr>
                <th scope="col">Method</th>
                <th scope="col">URL</th>
                <th scope="col">Microversion</th>
                <th scope="col">Status</th>
                <th scope="col">ms</th>
                <th scope="col">CLI equivalent</th>
              </tr>
            </thead>
            <tbody>
              {[...calls].reverse().map((c) => (
                <tr key={c.id} className={c.status === null || c.status >= 400 ? 'apilog__row--error' : ''} title={c.error}>
                  <td className="apilog__method">{c.method}</td>
                  <td className="apilog__url">{c.url}</td>
                  <td>{c.microversion ?? ''}</td>
                  <td>{c.status ?? 'failed'}</td>
                  <td>{Math.round(c.durationMs)}</td>
                  <td>
                    <code className="apilog__cli">{c.cli}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
