/**
 * The renderer's one way to reach its host. Under Electron that is the preload's `window.api`; served by the browser
 * host it is the same bridge built over `fetch('/api/<channel>')`. Code above this sees one typed API either way.
 */
import { createBridgeApi } from '../../electron/ipc/contract';
import type { BridgeApi, ChannelName } from '../../electron/ipc/contract';

const TOKEN_KEY = 'rolecall.token';

/** Reads the browser host's token from the URL fragment (`#token=…`), keeps it for reloads, and clears the fragment. */
function takeToken(): string {
  const match = /(?:^#|&)token=([0-9a-f]+)/.exec(window.location.hash);
  if (match) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function failure(code: string, message: string) {
  return { ok: false as const, errors: [{ severity: 'error' as const, code, message, path: '' }] };
}

/** The bridge over HTTP, for the browser host. */
function createHttpApi(): BridgeApi {
  const token = takeToken();
  return createBridgeApi(async (channel: ChannelName, payload: unknown) => {
    let response: Response;
    const body = JSON.stringify(payload);
    try {
      response = await fetch(`/api/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body,
        // A draft stored as the page closes must outlive the page; browsers allow that for bodies up to 64 KB.
        keepalive: channel === 'draft:save' && body.length < 60_000,
      });
    } catch (error) {
      return failure('http.unreachable', `The Rolecall host is not reachable: ${(error as Error).message}`);
    }
    try {
      return (await response.json()) as unknown;
    } catch {
      return failure('http.bad-response', `The Rolecall host answered ${response.status} without JSON.`);
    }
  });
}

/** True in the desktop app, false in a browser. */
export const isDesktop = typeof window.api !== 'undefined';

/** The API: one method per channel of `electron/ipc/contract.ts`. */
export const api: BridgeApi = window.api ?? createHttpApi();
