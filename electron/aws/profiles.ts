/**
 * The AWS profiles a user has configured, for the fetch dialog and `rolecall fetch --profile`. Only section names are
 * read; credentials in those files are never read or returned.
 * File locations: https://docs.aws.amazon.com/sdkref/latest/guide/file-location.html
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Profile names in one INI file; `prefixed` for the config file, where sections are `[profile NAME]` (and `[default]`). */
export function profileSections(text: string, prefixed: boolean): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*\[\s*([^\]]+?)\s*\]\s*(?:[#;].*)?$/.exec(line);
    if (!m) continue;
    const section = m[1];
    if (!prefixed) out.push(section);
    else if (section === 'default') out.push(section);
    else {
      const p = /^profile\s+(.+)$/.exec(section);
      if (p) out.push(p[1].trim());
    }
  }
  return out;
}

async function readOrEmpty(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return '';
  }
}

/** Profile names from the config and credentials files (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE respected). */
export async function listProfiles(): Promise<string[]> {
  const home = homedir();
  const configPath = process.env.AWS_CONFIG_FILE || join(home, '.aws', 'config');
  const credsPath = process.env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials');
  const names = new Set([
    ...profileSections(await readOrEmpty(configPath), true),
    ...profileSections(await readOrEmpty(credsPath), false),
  ]);
  return [...names].sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b)));
}
