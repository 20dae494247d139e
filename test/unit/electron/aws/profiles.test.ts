/**
 * Profile names come from the config file (`[profile NAME]`, `[default]`) and the credentials file (`[NAME]`);
 * AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE move them.
 * https://docs.aws.amazon.com/sdkref/latest/guide/file-format.html
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listProfiles, profileSections } from '../../../../electron/aws/profiles';

describe('profiles', () => {
  let dir: string;
  const saved = { config: process.env.AWS_CONFIG_FILE, creds: process.env.AWS_SHARED_CREDENTIALS_FILE };
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rolecall-profiles-'));
  });
  afterEach(async () => {
    process.env.AWS_CONFIG_FILE = saved.config;
    process.env.AWS_SHARED_CREDENTIALS_FILE = saved.creds;
    if (saved.config === undefined) delete process.env.AWS_CONFIG_FILE;
    if (saved.creds === undefined) delete process.env.AWS_SHARED_CREDENTIALS_FILE;
    await rm(dir, { recursive: true, force: true });
  });

  it('reads [profile NAME] and [default] from config but not [sso-session …]', () => {
    const text =
      '[default]\nregion = us-east-1\n[profile dev]\nsso_session = corp\n[sso-session corp]\nsso_region = us-east-1\n[ profile  prod ] ; comment\n';
    expect(profileSections(text, true)).toEqual(['default', 'dev', 'prod']);
  });

  it('merges both files, default first, respecting the environment variables, and returns no secrets', async () => {
    await writeFile(join(dir, 'config'), '[profile dev]\nregion = eu-west-1\n[default]\n');
    await writeFile(
      join(dir, 'credentials'),
      '[default]\naws_access_key_id = AKIASECRETSECRET\naws_secret_access_key = zzz\n[ci]\naws_access_key_id = x\n',
    );
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    const names = await listProfiles();
    expect(names).toEqual(['default', 'ci', 'dev']);
    expect(JSON.stringify(names)).not.toContain('AKIA');
  });

  it('missing files mean no profiles, not an error', async () => {
    process.env.AWS_CONFIG_FILE = join(dir, 'nope');
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'nope2');
    expect(await listProfiles()).toEqual([]);
  });
});
