import { useEffect, useState } from 'react';
import { CheckField } from '../../../components/Field';
import { ModalForm } from '../../../components/Modal';
import { useServices } from '../../../components/services-context';
import type { Flavor } from '../../../services/openstack/compute';
import type { Project } from '../../../services/openstack/identity';

/** Horizon's Edit Flavor → Flavor Access: the projects a private flavor is shared with. */
export function FlavorAccess({ flavor, onClose, onDone }: { flavor: Flavor; onClose(): void; onDone(): void }) {
  const { cloud } = useServices();
  const [projects, setProjects] = useState<Project[] | null>(null);
  const [before, setBefore] = useState<string[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    void Promise.all([cloud.identity.projects(), cloud.compute.flavorAccess(flavor)]).then(([p, a]) => {
      if (!live) return;
      setProjects(p);
      setBefore(a);
      setChosen(a);
    });
    return () => {
      live = false;
    };
  }, [cloud, flavor]);
  return (
    <ModalForm
      title={`Modify Access: ${flavor.name}`}
      submitLabel="Save"
      onClose={onClose}
      onSubmit={async () => {
        for (const p of projects ?? []) {
          if (chosen.includes(p.id) && !before.includes(p.id)) await cloud.compute.addFlavorAccess(flavor, p);
          if (!chosen.includes(p.id) && before.includes(p.id)) await cloud.compute.removeFlavorAccess(flavor, p);
        }
        onDone();
      }}
    >
      <fieldset className="choices">
        <legend>Selected Projects</legend>
        {projects === null && <p>Loading projects…</p>}
        {(projects ?? []).map((p) => (
          <CheckField
            key={p.id}
            label={p.name}
            name={`project-${p.id}`}
            checked={chosen.includes(p.id)}
            onChange={(on) => setChosen(on ? [...chosen, p.id] : chosen.filter((x) => x !== p.id))}
          />
        ))}
      </fieldset>
    </ModalForm>
  );
}
