/**
 * Downloads text as a file from the renderer (a Blob and an `<a download>`), in the desktop app and the browser
 * host alike; no host channel is needed.
 */

/** Starts the download of `text` as the file `name`. */
export function downloadText(name: string, text: string, mime = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file-name stem from a workspace name: lower case, safe characters only ("Prod mobile" → "prod-mobile"). */
export function fileStem(name: string | undefined, fallback = 'workspace'): string {
  const stem = (name ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return stem || fallback;
}
