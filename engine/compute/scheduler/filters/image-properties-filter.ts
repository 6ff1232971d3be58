import type { HostFilter, HostState, RequestSpec } from '../types';

const ARCH_ALIASES: Record<string, string> = { amd64: 'x86_64', x64: 'x86_64', i386: 'i686', x86: 'i686', arm64: 'aarch64' };
const canonicalArch = (a: string): string => ARCH_ALIASES[a.toLowerCase()] ?? a.toLowerCase();
const canonicalHv = (h: string): string => (h.toLowerCase() === 'xapi' ? 'xen' : h.toLowerCase());
const canonicalMode = (m: string): string => ({ pv: 'xen', hv: 'hvm', baremetal: 'hvm' })[m.toLowerCase()] ?? m.toLowerCase();

/**
 * Passes hosts that can run the image's architecture, hypervisor type and vm mode
 * (hw_architecture/architecture, img_hv_type/hypervisor_type, hw_vm_mode/vm_mode).
 */
export class ImagePropertiesFilter implements HostFilter {
  readonly name = 'ImagePropertiesFilter';

  hostPasses(host: HostState, spec: RequestSpec): boolean {
    const p = spec.image?.properties ?? {};
    const arch = p.hw_architecture ?? p.architecture;
    const hv = p.img_hv_type ?? p.hypervisor_type;
    const mode = p.hw_vm_mode ?? p.vm_mode;
    if (!arch && !hv && !mode) return true;
    return host.supportedInstances.some(
      ([a, h, m]) => (!arch || canonicalArch(arch) === a) && (!hv || canonicalHv(hv) === h) && (!mode || canonicalMode(mode) === m),
    );
  }
}
