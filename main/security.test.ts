import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  CONTENT_SECURITY_POLICY,
  denyAllPermissions,
  hardenWebContents,
  installContentSecurityPolicy,
  type SessionLike,
  type WebContentsLike,
} from './security';

type HeadersListener = Parameters<SessionLike['webRequest']['onHeadersReceived']>[0];
type PermissionHandler = NonNullable<Parameters<SessionLike['setPermissionRequestHandler']>[0]>;

function fakeSession() {
  const state: { headers?: HeadersListener; permissions?: PermissionHandler } = {};
  const session: SessionLike = {
    webRequest: { onHeadersReceived: (listener) => void (state.headers = listener) },
    setPermissionRequestHandler: (handler) => void (state.permissions = handler ?? undefined),
  };
  return { session, state };
}

test('every response gets the CSP header, replacing one it had', () => {
  const { session, state } = fakeSession();
  installContentSecurityPolicy(session);
  let response: { responseHeaders?: Record<string, string | string[]> } | undefined;
  state.headers?.(
    { responseHeaders: { 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] } },
    (r) => (response = r),
  );
  assert.deepEqual(response?.responseHeaders, {
    'Content-Type': ['text/html'],
    'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
  });
});

test("the CSP forbids inline and remote scripts and is the one in the renderer's index.html", () => {
  assert.match(CONTENT_SECURITY_POLICY, /default-src 'none'/);
  assert.match(CONTENT_SECURITY_POLICY, /script-src 'self'(;|$)/);
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-eval/);
  // only styles may be inline (xterm.js's renderer); scripts never
  const scripts = /script-src ([^;]*)/.exec(CONTENT_SECURITY_POLICY)![1];
  assert.doesNotMatch(scripts, /unsafe-inline/);
  assert.match(CONTENT_SECURITY_POLICY, /style-src 'self' 'unsafe-inline'/);
  const html = readFileSync(join(__dirname, '..', 'renderer', 'index.html'), 'utf8');
  const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html);
  assert.ok(meta, 'renderer/index.html has a CSP meta tag');
  assert.equal(meta[1], CONTENT_SECURITY_POLICY);
});

test('every permission request is refused', () => {
  const { session, state } = fakeSession();
  denyAllPermissions(session);
  let granted: boolean | undefined;
  state.permissions?.({}, 'media', (g) => (granted = g));
  assert.equal(granted, false);
});

test('web contents cannot open windows, attach webviews or navigate away from the app', () => {
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  type NavigationListener = (event: { preventDefault(): void }, url?: string) => void;
  const listeners = new Map<string, NavigationListener>();
  const contents: WebContentsLike = {
    setWindowOpenHandler: (handler) => void (openHandler = handler),
    on: (event: string, listener: (...args: never[]) => void) => void listeners.set(event, listener as NavigationListener),
  };
  const app = 'file:///app/dist/renderer/index.html';
  hardenWebContents(contents, (url) => url.startsWith(app));

  assert.deepEqual(openHandler?.({ url: 'https://example.com' }), { action: 'deny' });

  const navigate = (url: string) => {
    let prevented = false;
    listeners.get('will-navigate')?.({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  assert.equal(navigate('https://example.com/'), true);
  assert.equal(navigate(`${app}#/networks`), false);

  let webviewPrevented = false;
  listeners.get('will-attach-webview')?.({ preventDefault: () => (webviewPrevented = true) });
  assert.equal(webviewPrevented, true);
});
