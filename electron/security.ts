/**
 * Security settings of the desktop window and the browser host, as plain data so tests can read them.
 * Electron's checklist: https://www.electronjs.org/docs/latest/tutorial/security
 */

/** The custom scheme the desktop app serves its renderer from (checklist #18: avoid file://). */
export const APP_SCHEME = 'app';
/** The origin of the packaged renderer. */
export const APP_ORIGIN = `${APP_SCHEME}://rolecall`;

/**
 * The Content Security Policy for the renderer. Nothing remote: scripts, workers, fonts and requests only from our
 * own origin; no eval (neither Monaco nor zod needs it). Monaco applies inline styles at run time, so styles need
 * 'unsafe-inline'; its CSS uses data: images. Workers are Vite `?worker` files from our origin, never blob: URLs.
 * Checked by loading the app under stricter variants: only dropping 'unsafe-inline' styles produced violations.
 */
export const CSP_DIRECTIVES: Record<string, string> = {
  'default-src': "'none'",
  'script-src': "'self'",
  'style-src': "'self' 'unsafe-inline'",
  'img-src': "'self' data: blob:",
  'font-src': "'self' data:",
  'worker-src': "'self'",
  'connect-src': "'self'",
  'base-uri': "'none'",
  'form-action': "'none'",
  'object-src': "'none'",
};

/** The CSP as the `<meta>` tag carries it (a meta CSP ignores `frame-ancestors`, so it is left out there). */
export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([name, value]) => `${name} ${value}`)
  .join('; ');

/** The CSP as a response header: the meta policy plus `frame-ancestors 'none'`. */
export const CONTENT_SECURITY_POLICY_HEADER = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;

/** Headers every renderer response carries, in both hosts. */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY_HEADER,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const CSP_META = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")/i;

/**
 * Writes `policy` into the page's CSP `<meta>` tag, so the built page carries exactly this module's policy (the
 * renderer build calls it). `null` when the page has no such tag: a page without a CSP must not be built.
 */
export function withContentSecurityPolicy(html: string, policy: string = CONTENT_SECURITY_POLICY): string | null {
  if (!CSP_META.test(html)) return null;
  return html.replace(CSP_META, (_match, head: string, _old: string, tail: string) => `${head}${policy}${tail}`);
}

/**
 * The policy for `electron-vite dev` only: the dev server needs an inline script (React Refresh's preamble) and a
 * WebSocket back to itself on loopback. Built files keep `CONTENT_SECURITY_POLICY`.
 */
export function devServerContentSecurityPolicy(policy: string = CONTENT_SECURITY_POLICY): string {
  return policy
    .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    .replace("connect-src 'self'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*");
}

/** The subset of BrowserWindow options Rolecall sets (structurally compatible with Electron's type). */
export interface MainWindowOptions {
  width: number;
  height: number;
  x?: number;
  y?: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  backgroundColor: string;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    sandbox: true;
    disableBlinkFeatures: string;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    nodeIntegrationInSubFrames: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    experimentalFeatures: false;
    webviewTag: false;
    navigateOnDragDrop: false;
    spellcheck: false;
  };
}

/** The main window's options: isolated, sandboxed, no Node in the page. `dark` picks the background shown while loading. */
export function mainWindowOptions(
  preloadPath: string,
  bounds: { width: number; height: number; x?: number; y?: number },
  dark = false,
): MainWindowOptions {
  return {
    ...bounds,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'Rolecall',
    backgroundColor: dark ? '#1e1e1e' : '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click must not open links in new windows (Electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
    },
  };
}

/**
 * Tells whether a frame URL is our renderer: the packaged `app://rolecall/…` origin, or in development the exact
 * origin of electron-vite's dev server. Checklist #17: validate the sender of every IPC message.
 */
export function isTrustedRendererUrl(url: string, devServerUrl?: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (`${parsed.protocol}//${parsed.host}` === APP_ORIGIN) return true;
  if (!devServerUrl) return false;
  try {
    const dev = new URL(devServerUrl);
    return parsed.origin === dev.origin && (dev.hostname === 'localhost' || dev.hostname === '127.0.0.1');
  } catch {
    return false;
  }
}

/** The frame an IPC message came from, as main sees it (`event.senderFrame`). */
export interface SenderFrame {
  url: string;
  /** False for iframes: only the window's top-level document may call the host. */
  isMainFrame: boolean;
}

/**
 * Tells whether an IPC message may be answered: it must come from the top-level frame of our renderer (a frame that
 * was already destroyed arrives as `null`). Checklist #17: validate the sender of all IPC messages.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, devServerUrl?: string): boolean {
  return !!frame && frame.isMainFrame && isTrustedRendererUrl(frame.url, devServerUrl);
}

/**
 * Tells whether a download may start: only a `blob:` URL our own renderer made (the report and workspace exports
 * build a Blob and click an `<a download>`); Electron then asks the user where to save it. Anything else — a
 * remote URL, `data:`, `file:` — is refused.
 */
export function isAllowedDownloadUrl(url: string, devServerUrl?: string): boolean {
  if (!url.startsWith('blob:')) return false;
  return isTrustedRendererUrl(url.slice('blob:'.length), devServerUrl);
}

/**
 * Permissions the renderer may use, and only from its own top-level page: writing text to the clipboard (the
 * "Copy" buttons call `navigator.clipboard.writeText`, which Electron routes through the permission handlers).
 */
export const GRANTED_PERMISSIONS: readonly string[] = ['clipboard-sanitized-write'];

/**
 * Decides a permission request or check (checklist #5): everything is denied (camera, notifications, openExternal,
 * …) except `GRANTED_PERMISSIONS` asked for by our own renderer. Without a requesting URL the answer is no.
 */
export function decidePermission(permission: string, requestingUrl?: string, devServerUrl?: string): boolean {
  if (!GRANTED_PERMISSIONS.includes(permission) || requestingUrl === undefined) return false;
  return isTrustedRendererUrl(requestingUrl, devServerUrl);
}
