import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where the built pieces of the desktop app are, seen from the compiled main (`dist/main`). */
export interface DesktopPaths {
  /** The bundled preload (vite.preload.config.mts). */
  preload: string;
  /** The built renderer page (vite.renderer.config.mts). */
  rendererIndex: string;
  /** `rendererIndex` as the file:// URL the window shows. */
  rendererUrl: string;
}

export function desktopPaths(mainDir: string): DesktopPaths {
  const rendererIndex = join(mainDir, '..', 'renderer', 'index.html');
  return {
    preload: join(mainDir, '..', 'preload', 'preload.js'),
    rendererIndex,
    rendererUrl: pathToFileURL(rendererIndex).href,
  };
}

/** True for the app's own page, with or without a query or a fragment. */
export function isAppUrl(url: string, appUrl: string): boolean {
  if (url === appUrl) return true;
  return url.startsWith(appUrl) && (url[appUrl.length] === '#' || url[appUrl.length] === '?');
}
