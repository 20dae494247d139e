/**
 * Serving the built renderer from a directory, shared by the browser host and the desktop app's `app://` scheme.
 * Only files inside the root are ever served: traversal, encoded traversal and NUL bytes are refused.
 */
import { extname, resolve, sep } from 'node:path';
import { APP_ORIGIN } from './security';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** The Content-Type for a file name. */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a URL path (`/assets/x.js`, `/`) to a file inside `rootDir`, or `null` when the path is malformed or would
 * leave the root.
 */
export function resolveStaticPath(rootDir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  if (relative.split('/').some((part) => part === '..')) return null;
  const root = resolve(rootDir);
  const full = resolve(root, relative);
  if (full !== root && !full.startsWith(root + sep)) return null;
  return full;
}

/**
 * Maps a request of the desktop app's `app://rolecall/…` scheme to a file of the built renderer, or `null` for any
 * other host, a malformed URL or a path outside `rendererDir`. Node's URL gives custom schemes the origin "null", so
 * the scheme and host are compared, not `url.origin`.
 */
export function resolveAppRequestFile(rendererDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (`${url.protocol}//${url.host}` !== APP_ORIGIN || url.username !== '' || url.password !== '') return null;
  return resolveStaticPath(rendererDir, url.pathname);
}

/**
 * The Cache-Control of a served file: Vite's content-hashed assets (`assets/name-HASH.ext`) never change, so they may
 * be kept; everything else (index.html, which names the current hashes) is revalidated on every load.
 */
export function cacheControlFor(urlPath: string): string {
  return /^\/assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/.test(urlPath)
    ? 'public, max-age=31536000, immutable'
    : 'no-cache';
}
