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

/** The app's folder under the platform's app-data folder (Electron's `userData`, set by main/index.ts). */
export const APP_FOLDER = 'StackLab';

/**
 * Electron's `app.getPath('appData')`, computed without Electron (for `npm start`'s web mode, which
 * must use the desktop app's lab): %APPDATA% on Windows, ~/Library/Application Support on macOS,
 * $XDG_CONFIG_HOME or ~/.config elsewhere.
 */
export function appDataDir(platform: string, env: NodeJS.ProcessEnv, home: string): string {
  if (platform === 'win32') return env.APPDATA ?? join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config');
}

/** The desktop app's lab: `<appData>/StackLab/lab`. */
export function defaultDesktopLabDir(platform: string, env: NodeJS.ProcessEnv, home: string): string {
  return join(appDataDir(platform, env, home), APP_FOLDER, 'lab');
}
