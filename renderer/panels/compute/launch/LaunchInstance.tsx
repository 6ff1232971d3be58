import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useServices } from '../../../components/services-context';
import type { Flavor, Keypair } from '../../../services/openstack/compute';
import type { Image } from '../../../services/openstack/image';
import type { Network, SecurityGroup } from '../../../services/openstack/network';

export interface LaunchData {
  images: Image[];
  flavors: Flavor[];
  networks: Network[];
  securityGroups: SecurityGroup[];
  keypairs: Keypair[];
  zones: string[];
}

const STEPS = ['Details', 'Source', 'Flavor', 'Networks', 'Security Groups', 'Key Pair'] as const;
type Step = (typeof STEPS)[number];

const gib = (mb: number) => `${(mb / 1024).toFixed(mb % 1024 ? 1 : 0)} GB`;

/** Why a flavor cannot boot an image (Horizon greys it out with this reason), or null. */
export function flavorProblem(f: Flavor, image: Image | undefined): string | null {
  if (!image) return null;
  if (image.min_ram && f.ram < image.min_ram) return `needs at least ${image.min_ram} MB RAM`;
  const sizeGb = image.size ? Math.ceil(image.size / 1024 ** 3) : 0;
  if (f.disk && (image.min_disk > f.disk || sizeGb > f.disk)) return `needs a root disk of at least ${Math.max(image.min_disk, sizeGb)} GB`;
  return null;
}

function Choice({ name, label, checked, onChange, children, disabled }: { name: string; label: string; checked: boolean; onChange(): void; children?: ReactNode; disabled?: boolean }) {
  const id = useId();
  return (
    <tr className={checked ? 'is-selected' : undefined}>
      <td>
        <input id={id} type="radio" name={name} checked={checked} onChange={onChange} disabled={disabled} />
      </td>
      <td>
        <label htmlFor={id}>{label}</label>
      </td>
      {children}
    </tr>
  );
}

/**
 * Project → Compute → Instances → Launch Instance: Horizon's wizard (Details, Source, Flavor,
 * Networks, Security Groups, Key Pair); Launch sends one POST /servers.
 */
export function LaunchInstance({ data, onClose, onLaunched }: { data: LaunchData; onClose(): void; onLaunched(): void }) {
  const { cloud } = useServices();
  const [step, setStep] = useState<Step>('Details');
  const [name, setName] = useState('');
  const [zone, setZone] = useState(data.zones[0] ?? 'nova');
  const [count, setCount] = useState('1');
  const [imageId, setImageId] = useState('');
  const [flavorId, setFlavorId] = useState('');
  const [nets, setNets] = useState<string[]>(data.networks.filter((n) => !n['router:external']).length === 1 ? [data.networks.find((n) => !n['router:external'])!.id] : []);
  const [groups, setGroups] = useState<string[]>(['default']);
  const [key, setKey] = useState(data.keypairs.length === 1 ? data.keypairs[0].name : '');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const titleId = useId();
  const nameId = useId();
  const zoneId = useId();
  const countId = useId();
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => dialog.current?.querySelector<HTMLElement>('input, select, button')?.focus(), [step]);

  const image = data.images.find((i) => i.id === imageId);
  const flavor = data.flavors.find((f) => f.id === flavorId);
  const missing: Partial<Record<Step, string>> = {
    Details: name.trim() ? undefined : 'Instance Name is required.',
    Source: image ? undefined : 'Select an image to boot from.',
    Flavor: flavor ? (flavorProblem(flavor, image) ?? undefined) : 'Select a flavor.',
    Networks: nets.length ? undefined : 'Select at least one network.',
  };
  const firstMissing = STEPS.find((s) => missing[s]);

  const launch = async () => {
    if (firstMissing) {
      setStep(firstMissing);
      setError(missing[firstMissing]!);
      return;
    }
    setPending(true);
    setError(null);
    try {
      await cloud.compute.createServer({
        name: name.trim(),
        imageId: image!.id,
        imageName: image!.name ?? image!.id,
        flavorId: flavor!.id,
        flavorName: flavor!.name,
        networks: nets.map((id) => ({ id, name: data.networks.find((n) => n.id === id)?.name ?? id })),
        securityGroups: groups,
        keyName: key || undefined,
        availabilityZone: zone || undefined,
        count: Number(count) || 1,
      });
      onLaunched();
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setPending(false);
    }
  };

  const toggle = (list: string[], set: (v: string[]) => void, v: string) => set(list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const idx = STEPS.indexOf(step);
  return (
    <div className="modal__backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="modal modal--wide" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={dialog}>
        <header className="modal__header">
          <h2 id={titleId}>Launch Instance</h2>
          <button type="button" className="btn btn--icon" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        <div className="wizard">
          <nav className="wizard__steps" aria-label="Launch Instance steps">
            {STEPS.map((s) => (
              <button key={s} type="button" className="wizard__step" aria-current={s === step ? 'step' : undefined} onClick={() => setStep(s)}>
                {s}
                {missing[s] ? <span className="wizard__required" aria-label="required"> *</span> : null}
              </button>
            ))}
          </nav>
          <section className="wizard__body" aria-label={step}>
            {step === 'Details' && (
              <>
                <p>Please provide the initial hostname for the instance, the availability zone where it will be deployed, and the instance count.</p>
                <div className="field">
                  <label htmlFor={nameId}>Instance Name *</label>
                  <input id={nameId} value={name} onChange={(e) => setName(e.target.value)} required />
                </div>
                <div className="field">
                  <label htmlFor={zoneId}>Availability Zone</label>
                  <select id={zoneId} value={zone} onChange={(e) => setZone(e.target.value)}>
                    {(data.zones.length ? data.zones : ['nova']).map((z) => (
                      <option key={z}>{z}</option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={countId}>Count</label>
                  <input id={countId} type="number" min={1} max={10} value={count} onChange={(e) => setCount(e.target.value)} />
                </div>
              </>
            )}
            {step === 'Source' && (
              <table className="table" aria-label="Images">
                <thead>
                  <tr>
                    <th />
                    <th>Name</th>
                    <th>Size</th>
                    <th>Format</th>
                    <th>Visibility</th>
                  </tr>
                </thead>
                <tbody>
                  {data.images
                    .filter((i) => i.status === 'active')
                    .map((i) => (
                      <Choice key={i.id} name="image" label={i.name ?? i.id} checked={imageId === i.id} onChange={() => setImageId(i.id)}>
                        <td>{i.size === null ? '' : `${(i.size / 1024 / 1024).toFixed(2)} MB`}</td>
                        <td>{i.disk_format?.toUpperCase()}</td>
                        <td>{i.visibility}</td>
                      </Choice>
                    ))}
                </tbody>
              </table>
            )}
            {step === 'Flavor' && (
              <table className="table" aria-label="Flavors">
                <thead>
                  <tr>
                    <th />
                    <th>Name</th>
                    <th>VCPUS</th>
                    <th>RAM</th>
                    <th>Total Disk</th>
                    <th>Public</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {[...data.flavors]
                    .sort((a, b) => a.ram - b.ram || a.name.localeCompare(b.name))
                    .map((f) => {
                      const problem = flavorProblem(f, image);
                      return (
                        <Choice key={f.id} name="flavor" label={f.name} checked={flavorId === f.id} onChange={() => setFlavorId(f.id)} disabled={!!problem}>
                          <td>{f.vcpus}</td>
                          <td>{f.ram >= 1024 ? gib(f.ram) : `${f.ram} MB`}</td>
                          <td>{f.disk} GB</td>
                          <td>{f['os-flavor-access:is_public'] === false ? 'No' : 'Yes'}</td>
                          <td className="muted">{problem ? `⚠ ${problem}` : ''}</td>
                        </Choice>
                      );
                    })}
                </tbody>
              </table>
            )}
            {step === 'Networks' && (
              <fieldset className="choices">
                <legend>Networks provide the communication channels for instances in the cloud.</legend>
                {data.networks.map((n) => (
                  <label key={n.id} className="choice">
                    <input type="checkbox" checked={nets.includes(n.id)} onChange={() => toggle(nets, setNets, n.id)} /> {n.name || n.id}
                    {n['router:external'] ? ' (external)' : ''} {n.shared ? ' (shared)' : ''}
                  </label>
                ))}
                {nets.length > 0 && (
                  <>
                    <h3 className="section-title">Allocated</h3>
                    <ol className="allocated" aria-label="Allocated networks" style={{ listStyle: 'none', paddingLeft: 0 }}>
                      {nets.map((id, i) => {
                        const label = data.networks.find((n) => n.id === id)?.name || id;
                        const move = (to: number) => {
                          const next = [...nets];
                          next.splice(i, 1);
                          next.splice(to, 0, id);
                          setNets(next);
                        };
                        return (
                          <li key={id}>
                            NIC {i + 1}: {label}{' '}
                            <button type="button" className="btn" aria-label={`Move ${label} up`} disabled={i === 0} onClick={() => move(i - 1)}>
                              ↑
                            </button>{' '}
                            <button type="button" className="btn" aria-label={`Move ${label} down`} disabled={i === nets.length - 1} onClick={() => move(i + 1)}>
                              ↓
                            </button>
                          </li>
                        );
                      })}
                    </ol>
                  </>
                )}
              </fieldset>
            )}
            {step === 'Security Groups' && (
              <fieldset className="choices">
                <legend>Select the security groups to launch the instance in.</legend>
                {[...new Set(data.securityGroups.map((g) => g.name))].map((g) => (
                  <label key={g} className="choice">
                    <input type="checkbox" checked={groups.includes(g)} onChange={() => toggle(groups, setGroups, g)} /> {g}
                  </label>
                ))}
              </fieldset>
            )}
            {step === 'Key Pair' && (
              <fieldset className="choices">
                <legend>A key pair allows you to SSH into your newly created instance.</legend>
                <label className="choice">
                  <input type="radio" name="keypair" checked={key === ''} onChange={() => setKey('')} /> (none)
                </label>
                {data.keypairs.map((k) => (
                  <label key={k.name} className="choice">
                    <input type="radio" name="keypair" checked={key === k.name} onChange={() => setKey(k.name)} /> {k.name}
                  </label>
                ))}
              </fieldset>
            )}
          </section>
        </div>
        {error && (
          <p className="alert alert--error" role="alert">
            {error}
          </p>
        )}
        <footer className="modal__footer">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn" disabled={idx === 0} onClick={() => setStep(STEPS[idx - 1])}>
            &lt; Back
          </button>
          <button type="button" className="btn" disabled={idx === STEPS.length - 1} onClick={() => setStep(STEPS[idx + 1])}>
            Next &gt;
          </button>
          <button type="button" className="btn btn--primary" disabled={pending} onClick={() => void launch()}>
            {pending ? 'Working…' : 'Launch Instance'}
          </button>
        </footer>
      </div>
    </div>
  );
}
