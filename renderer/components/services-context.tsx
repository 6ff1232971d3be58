import { createContext, useContext, type ReactNode } from 'react';
import type { RendererServices } from '../services';

const ServicesContext = createContext<RendererServices | null>(null);

export function ServicesProvider({ services, children }: { services: RendererServices; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

/** The renderer's service modules (the cloud's API modules, the lab). */
export function useServices(): RendererServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices must be used inside <ServicesProvider>');
  return services;
}
