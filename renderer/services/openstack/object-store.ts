import { command } from './cli';
import type { OpenStackClient } from './client';

/** A container in Swift's JSON account listing. */
export interface Container {
  name: string;
  count: number;
  bytes: number;
  last_modified?: string;
}

/** An object, or a pseudo-folder (`subdir`) when listed with a delimiter. */
export type ObjectEntry = { kind: 'object'; name: string; bytes: number; hash: string; content_type: string; last_modified: string } | { kind: 'folder'; name: string };

/** What HEAD on a container says (Horizon's container details). */
export interface ContainerInfo {
  objectCount: number;
  bytesUsed: number;
  /** X-Container-Read contains `.r:*`: anyone may read its objects without a token. */
  public: boolean;
  readAcl: string;
  created?: string;
}

const PUBLIC_READ = '.r:*,.rlistings';
const seg = (s: string) => s.split('/').map(encodeURIComponent).join('/');

/** Swift calls the Object Store panel makes, each with its CLI twin. */
export function objectStoreApi(c: OpenStackClient) {
  return {
    containers: async () =>
      (await c.request<Container[]>({ service: 'object-store', method: 'GET', path: '?format=json', cli: command('container list', [['--long', true]]) })).body ?? [],
    createContainer: (name: string, isPublic: boolean) =>
      c.request<null>({
        service: 'object-store',
        method: 'PUT',
        path: `/${encodeURIComponent(name)}`,
        headers: isPublic ? { 'x-container-read': PUBLIC_READ } : undefined,
        cli: isPublic ? `openstack container create ${name} && swift post --read-acl '${PUBLIC_READ}' ${name}` : command('container create', [], name),
      }),
    info: async (name: string): Promise<ContainerInfo> => {
      const h = (await c.request<null>({ service: 'object-store', method: 'HEAD', path: `/${encodeURIComponent(name)}`, cli: command('container show', [], name) })).headers;
      const readAcl = h['x-container-read'] ?? '';
      const ts = Number(h['x-timestamp']);
      return {
        objectCount: Number(h['x-container-object-count'] ?? 0),
        bytesUsed: Number(h['x-container-bytes-used'] ?? 0),
        public: readAcl.split(',').includes('.r:*'),
        readAcl,
        created: Number.isFinite(ts) && ts > 0 ? new Date(ts * 1000).toISOString() : undefined,
      };
    },
    setPublic: (name: string, isPublic: boolean) =>
      c.request<null>({
        service: 'object-store',
        method: 'POST',
        path: `/${encodeURIComponent(name)}`,
        // an empty X-Container-Read removes the ACL, as `swift post --read-acl ''` does
        headers: { 'x-container-read': isPublic ? PUBLIC_READ : '' },
        cli: `swift post --read-acl '${isPublic ? PUBLIC_READ : ''}' ${name}`,
      }),
    deleteContainer: (name: string) => c.request<null>({ service: 'object-store', method: 'DELETE', path: `/${encodeURIComponent(name)}`, cli: command('container delete', [], name) }),
    /** The objects and pseudo-folders directly under `prefix` ('' or 'dir/'). */
    objects: async (container: string, prefix: string): Promise<ObjectEntry[]> => {
      const q = `?format=json&delimiter=/${prefix ? `&prefix=${encodeURIComponent(prefix)}` : ''}`;
      const body =
        (
          await c.request<({ subdir: string } | { name: string; bytes: number; hash: string; content_type: string; last_modified: string })[]>({
            service: 'object-store',
            method: 'GET',
            path: `/${encodeURIComponent(container)}${q}`,
            cli: command('object list', [['--prefix', prefix || undefined], ['--delimiter', '/']], container),
          })
        ).body ?? [];
      // the folder's own marker object ("notes/" under prefix "notes/") is the folder, not an entry in it
      return body.filter((e) => !('name' in e) || e.name !== prefix).map((e) => ('subdir' in e ? { kind: 'folder', name: e.subdir } : { kind: 'object', ...e }));
    },
    upload: (container: string, name: string, data: Uint8Array) =>
      c.request<null>({ service: 'object-store', method: 'PUT', path: `/${encodeURIComponent(container)}/${seg(name)}`, raw: data, cli: command('object create', [['--name', name]], container, `./${name.split('/').pop()}`) }),
    /** A pseudo-folder is an empty object whose name ends in `/`, as Horizon makes it. */
    createFolder: (container: string, path: string) =>
      c.request<null>({ service: 'object-store', method: 'PUT', path: `/${encodeURIComponent(container)}/${seg(path.endsWith('/') ? path : `${path}/`)}`, raw: new Uint8Array(0), cli: `swift post ${container} ${path}` }),
    download: async (container: string, name: string): Promise<Uint8Array> =>
      (await c.request<null>({ service: 'object-store', method: 'GET', path: `/${encodeURIComponent(container)}/${seg(name)}`, binaryResponse: true, cli: command('object save', [], container, name) })).bytes ?? new Uint8Array(0),
    deleteObject: (container: string, name: string) =>
      c.request<null>({ service: 'object-store', method: 'DELETE', path: `/${encodeURIComponent(container)}/${seg(name)}`, cli: command('object delete', [], container, name) }),
  };
}

export type ObjectStoreApi = ReturnType<typeof objectStoreApi>;
