import { useState } from 'react';
import { DataTable, type Column } from '../../../components/DataTable';
import { CheckField, SelectField, TextField } from '../../../components/Field';
import { ModalForm } from '../../../components/Modal';
import { useServices } from '../../../components/services-context';
import { confirmed, useAction } from '../../../components/use-action';
import { useResource } from '../../../components/use-resource';
import type { QosSpec, VolumeType } from '../../../services/openstack/volume';
import { SpecList } from '../../volumes/status';

const isPublic = (t: VolumeType) => (t.is_public ?? t['os-volume-type-access:is_public']) !== false;

/** A key/value table with Delete on each row, and Key/Value fields that add one: extra specs, QoS specs. */
function SpecsForm(props: { title: string; specs: Record<string, string>; onAdd(key: string, value: string): Promise<unknown>; onDelete(key: string): Promise<unknown>; onClose(): void; onDone(): void }) {
  const act = useAction();
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const entries = Object.entries(props.specs);
  return (
    <ModalForm
      title={props.title}
      submitLabel="Create"
      onClose={props.onClose}
      onSubmit={async () => {
        if (!key.trim()) throw new Error('Key is required.');
        await props.onAdd(key.trim(), value);
        props.onDone();
      }}
    >
      <table className="subtable" aria-label="Specs">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Value</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([k, v]) => (
            <tr key={k}>
              <td>{k}</td>
              <td>{v}</td>
              <td>
                <button
                  type="button"
                  className="btn btn--danger"
                  onClick={() =>
                    void act(`Delete spec ${k}`, () => props.onDelete(k), () => {
                      props.onClose();
                      props.onDone();
                    })
                  }
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
          {entries.length === 0 && (
            <tr>
              <td colSpan={3} className="table__empty">
                No specs.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <TextField label="Key" name="key" value={key} onChange={setKey} required />
      <TextField label="Value" name="value" value={value} onChange={setValue} required />
    </ModalForm>
  );
}

type Dialog =
  | { kind: 'create-type' }
  | { kind: 'specs' | 'qos' | 'edit'; type: VolumeType }
  | { kind: 'create-qos' }
  | { kind: 'qos-specs'; qos: QosSpec };

/** Admin → Volume → Volume Types: types with their extra specs and QoS association, and the QoS specs. */
export function VolumeTypesPanel() {
  const { cloud } = useServices();
  const act = useAction();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [f, setF] = useState({ name: '', description: '', isPublic: true, key: '', value: '', consumer: 'back-end', qos: '' });
  const set = (patch: Partial<typeof f>) => setF((x) => ({ ...x, ...patch }));
  const res = useResource(async () => {
    const [types, qos] = await Promise.all([cloud.volume.types(), cloud.volume.qosSpecs().catch(() => [])]);
    return { types, qos };
  }, ['volume']);
  const d = res.data;
  const qosName = (id?: string | null) => (id ? (d?.qos.find((q) => q.id === id)?.name ?? id) : '-');
  const open = (dlg: Dialog) => {
    const t = 'type' in dlg ? dlg.type : undefined;
    setF({ name: t?.name ?? '', description: t?.description ?? '', isPublic: true, key: '', value: '', consumer: 'back-end', qos: t?.qos_specs_id ?? '' });
    setDialog(dlg);
  };
  const typeColumns: Column<VolumeType>[] = [
    { key: 'name', header: 'Name', render: (t) => t.name },
    { key: 'description', header: 'Description', render: (t) => t.description || '-' },
    { key: 'specs', header: 'Extra Specs', render: (t) => <SpecList specs={t.extra_specs} />, text: (t) => Object.keys(t.extra_specs ?? {}).join(' ') },
    { key: 'qos', header: 'Associated QoS Spec', render: (t) => qosName(t.qos_specs_id) },
    { key: 'public', header: 'Public', render: (t) => (isPublic(t) ? 'Yes' : 'No') },
  ];
  const qosColumns: Column<QosSpec>[] = [
    { key: 'name', header: 'Name', render: (q) => q.name },
    { key: 'consumer', header: 'Consumer', render: (q) => q.consumer },
    { key: 'specs', header: 'Specs', render: (q) => <SpecList specs={q.specs} />, text: (q) => Object.keys(q.specs ?? {}).join(' ') },
  ];
  const done = () => res.reload();
  const close = () => setDialog(null);
  return (
    <>
      <h2 className="section-title">Volume Types</h2>
      <DataTable
        noun="volume types"
        columns={typeColumns}
        rows={d?.types ?? null}
        rowKey={(t) => t.id}
        loading={res.loading}
        error={res.error}
        actions={
          <button type="button" className="btn btn--primary" onClick={() => open({ kind: 'create-type' })}>
            + Create Volume Type
          </button>
        }
        rowActions={(t) => (
          <>
            <button type="button" className="btn" onClick={() => open({ kind: 'specs', type: t })}>
              View Extra Specs
            </button>
            <select
              className="btn"
              aria-label={`More actions for ${t.name}`}
              value=""
              onChange={(e) => {
                const v = e.target.value;
                if (v === 'delete') {
                  if (confirmed(`Delete volume type ${t.name}?`)) void act(`Delete volume type ${t.name}`, () => cloud.volume.deleteType(t), done);
                } else if (v === 'qos' || v === 'edit') open({ kind: v, type: t });
              }}
            >
              <option value="">More…</option>
              <option value="qos">Manage QoS Spec Association</option>
              <option value="edit">Edit Volume Type</option>
              <option value="delete">Delete Volume Type</option>
            </select>
          </>
        )}
      />
      <h2 className="section-title">QoS Specs</h2>
      <DataTable
        noun="QoS specs"
        columns={qosColumns}
        rows={d?.qos ?? null}
        rowKey={(q) => q.id}
        loading={res.loading}
        actions={
          <button type="button" className="btn" onClick={() => open({ kind: 'create-qos' })}>
            + Create QoS Spec
          </button>
        }
        rowActions={(q) => (
          <>
            <button type="button" className="btn" onClick={() => open({ kind: 'qos-specs', qos: q })}>
              Manage Specs
            </button>
            <button type="button" className="btn btn--danger" onClick={() => confirmed(`Delete QoS spec ${q.name}?`) && void act(`Delete QoS spec ${q.name}`, () => cloud.volume.deleteQos(q), done)}>
              Delete QoS Spec
            </button>
          </>
        )}
      />
      {dialog?.kind === 'create-type' && (
        <ModalForm
          title="Create Volume Type"
          submitLabel="Create Volume Type"
          onClose={close}
          onSubmit={async () => {
            if (f.value && !f.key.trim()) throw new Error('An extra spec needs a key.');
            await cloud.volume.createType(f.name.trim(), f.description.trim(), f.isPublic, f.key.trim() ? { [f.key.trim()]: f.value } : {});
            done();
          }}
          help={<p>A volume type names a kind of storage; its extra specs (volume_backend_name=lvm) tell the scheduler which back end serves it.</p>}
        >
          <TextField label="Name" name="name" value={f.name} onChange={(name) => set({ name })} required />
          <TextField label="Description" name="description" value={f.description} onChange={(description) => set({ description })} />
          <CheckField label="Public" name="public" checked={f.isPublic} onChange={(p) => set({ isPublic: p })} />
          <TextField label="Extra Spec Key" name="key" value={f.key} onChange={(key) => set({ key })} placeholder="volume_backend_name" />
          <TextField label="Extra Spec Value" name="value" value={f.value} onChange={(value) => set({ value })} placeholder="lvm" />
        </ModalForm>
      )}
      {dialog?.kind === 'edit' && (
        <ModalForm
          title={`Edit Volume Type: ${dialog.type.name}`}
          submitLabel="Save"
          onClose={close}
          onSubmit={async () => {
            await cloud.volume.updateType(dialog.type, f.name.trim(), f.description.trim());
            done();
          }}
        >
          <TextField label="Name" name="name" value={f.name} onChange={(name) => set({ name })} required />
          <TextField label="Description" name="description" value={f.description} onChange={(description) => set({ description })} />
        </ModalForm>
      )}
      {dialog?.kind === 'specs' && (
        <SpecsForm
          title={`Volume Type Extra Specs: ${dialog.type.name}`}
          specs={dialog.type.extra_specs ?? {}}
          onAdd={(k, v) => cloud.volume.setTypeSpec(dialog.type, k, v)}
          onDelete={(k) => cloud.volume.unsetTypeSpec(dialog.type, k)}
          onClose={close}
          onDone={done}
        />
      )}
      {dialog?.kind === 'qos' && (
        <ModalForm
          title={`Associate QoS Spec with Volume Type: ${dialog.type.name}`}
          submitLabel="Associate"
          onClose={close}
          onSubmit={async () => {
            const before = d?.qos.find((q) => q.id === dialog.type.qos_specs_id);
            const after = d?.qos.find((q) => q.id === f.qos);
            if (before?.id === after?.id) return;
            if (before) await cloud.volume.disassociateQos(before, dialog.type);
            if (after) await cloud.volume.associateQos(after, dialog.type);
            done();
          }}
        >
          <p className="muted">Current QoS Spec: {qosName(dialog.type.qos_specs_id)}</p>
          <SelectField label="QoS Spec to be associated" name="qos" value={f.qos} onChange={(qos) => set({ qos })} options={[{ value: '', label: 'None' }, ...(d?.qos ?? []).map((q) => ({ value: q.id, label: q.name }))]} />
        </ModalForm>
      )}
      {dialog?.kind === 'create-qos' && (
        <ModalForm
          title="Create QoS Spec"
          submitLabel="Create"
          onClose={close}
          onSubmit={async () => {
            await cloud.volume.createQos(f.name.trim(), f.consumer, f.key.trim() ? { [f.key.trim()]: f.value } : {});
            done();
          }}
          help={<p>QoS specs limit a volume type&apos;s throughput (read_iops_sec, total_bytes_sec…): back-end specs go to the storage, front-end ones to the hypervisor.</p>}
        >
          <TextField label="Name" name="name" value={f.name} onChange={(name) => set({ name })} required />
          <SelectField
            label="Consumer"
            name="consumer"
            value={f.consumer}
            onChange={(consumer) => set({ consumer })}
            options={['back-end', 'front-end', 'both'].map((c) => ({ value: c, label: c }))}
          />
          <TextField label="Key" name="key" value={f.key} onChange={(key) => set({ key })} placeholder="total_iops_sec" />
          <TextField label="Value" name="value" value={f.value} onChange={(value) => set({ value })} />
        </ModalForm>
      )}
      {dialog?.kind === 'qos-specs' && (
        <SpecsForm
          title={`QoS Spec: ${dialog.qos.name}`}
          specs={dialog.qos.specs ?? {}}
          onAdd={(k, v) => cloud.volume.setQosSpec(dialog.qos, k, v)}
          onDelete={(k) => cloud.volume.unsetQosSpec(dialog.qos, k)}
          onClose={close}
          onDone={done}
        />
      )}
    </>
  );
}
