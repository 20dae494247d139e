import { describe, expect, it } from 'vitest';
import { MAX_TEXT_LENGTH } from '../../../../electron/ipc/contract';
import { findForbiddenKey, formatPath, validateRequest } from '../../../../electron/ipc/validate';

const HANDLE = `fh_${'0'.repeat(32)}`;

function errorsOf(channel: string, payload: unknown) {
  const result = validateRequest(channel, payload);
  if (result.ok) throw new Error(`expected ${channel} to refuse ${JSON.stringify(payload)?.slice(0, 80)}`);
  return result.errors;
}

describe('request validation', () => {
  it('accepts a well-formed request and applies defaults', () => {
    expect(validateRequest('workspace:save', { handle: HANDLE, text: '{}' })).toEqual({
      ok: true,
      value: { channel: 'workspace:save', request: { handle: HANDLE, text: '{}' } },
    });
    expect(validateRequest('workspace:open', undefined)).toEqual({
      ok: true,
      value: { channel: 'workspace:open', request: {} },
    });
    const imported = validateRequest('import:files', { files: [{ name: 'a.json', text: '{}' }] });
    expect(imported.ok && imported.value.request).toEqual({ files: [{ name: 'a.json', text: '{}' }], options: {} });
  });

  it('refuses an unknown channel by name', () => {
    expect(errorsOf('fs:deleteEverything', {})).toEqual([
      expect.objectContaining({ code: 'ipc.unknown-channel', message: 'Unknown channel "fs:deleteEverything".' }),
    ]);
    expect(errorsOf('constructor', {})[0].code).toBe('ipc.unknown-channel');
  });

  it('names the field and the expected type when a type is wrong', () => {
    const [error] = errorsOf('workspace:save', { text: 42 });
    expect(error).toMatchObject({ severity: 'error', code: 'ipc.invalid-payload', path: 'text' });
    expect(error.message).toMatch(/^text: .*expected string/);
  });

  it('names a missing field', () => {
    expect(errorsOf('workspace:save', {})).toEqual([
      expect.objectContaining({ code: 'ipc.invalid-payload', path: 'text' }),
    ]);
    expect(errorsOf('import:files', { files: [{ text: '{}' }] })).toEqual([
      expect.objectContaining({ path: 'files[0].name' }),
    ]);
  });

  it('refuses unexpected fields instead of dropping them silently', () => {
    expect(errorsOf('workspace:save', { text: '{}', mode: 'rw' })[0].message).toMatch(/mode/);
    // A path is such a field: the renderer can only name files by the handles the host gave out.
    expect(errorsOf('workspace:save', { text: '{}', path: '/etc/passwd' })[0].message).toMatch(/path/);
  });

  it('refuses payloads that are not objects', () => {
    for (const payload of [null, 5, 'text', [], true]) {
      expect(errorsOf('workspace:save', payload)[0].code).toBe('ipc.invalid-payload');
    }
  });

  it('refuses prototype-polluting keys anywhere in the payload, with their path', () => {
    const top = JSON.parse('{"text":"{}","__proto__":{"polluted":true}}');
    expect(errorsOf('workspace:save', top)).toEqual([
      expect.objectContaining({ code: 'ipc.forbidden-key', path: '__proto__' }),
    ]);
    const nested = JSON.parse('{"files":[{"name":"a","text":"{}"}],"options":{"parameters":{"__proto__":"x"}}}');
    expect(errorsOf('import:files', nested)).toEqual([
      expect.objectContaining({ code: 'ipc.forbidden-key', path: 'options.parameters.__proto__' }),
    ]);
    expect(errorsOf('import:files', { files: [{ name: 'a', text: '{}', constructor: 'x' }] })[0].path).toBe(
      'files[0].constructor',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses huge strings with their limit', () => {
    expect(errorsOf('draft:save', { of: { key: 'a'.repeat(4097) }, text: '' })[0].message).toMatch('at most 4096');
    expect(errorsOf('draft:save', { of: { key: 'demo' }, text: 'x'.repeat(MAX_TEXT_LENGTH + 1) })[0]).toMatchObject({
      path: 'text',
    });
  });

  it('refuses absurdly deep nesting without walking it', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    expect(errorsOf('workspace:save', deep)[0].code).toBe('ipc.too-deep');
  });

  it('lets AWS credentials go only to loopback endpoints', () => {
    expect(validateRequest('aws:fetchStart', { endpoint: 'http://127.0.0.1:5000' }).ok).toBe(true);
    expect(errorsOf('aws:fetchStart', { endpoint: 'https://attacker.example' })[0]).toMatchObject({ path: 'endpoint' });
    expect(errorsOf('aws:fetchStart', { endpoint: 'http://127.0.0.1.attacker.example' })[0].path).toBe('endpoint');
    expect(errorsOf('aws:fetchStart', { identityPoolIds: ['not a pool id'] })[0].path).toBe('identityPoolIds[0]');
  });

  it('formats paths as JSON paths', () => {
    expect(formatPath(['files', 0, 'name'])).toBe('files[0].name');
    expect(formatPath([])).toBe('');
    expect(findForbiddenKey({ a: [1, { b: 2 }] })).toBeNull();
  });
});
