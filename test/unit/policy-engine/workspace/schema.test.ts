/**
 * The workspace file (CONTRACT §1): schema, migration, positioned errors, safe parsing and stable serialisation.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Workspace } from '../../../../policy-engine/model/workspace';
import { MAX_INPUT_CHARS, parseJsonSource, plainJson } from '../../../../policy-engine/workspace/json-source';
import {
  migrate,
  parseWorkspaceText,
  serializeWorkspace,
  WORKSPACE_VERSION,
} from '../../../../policy-engine/workspace/schema';

const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };

/** The CONTRACT §1 example, with the three policy forms AWS hands out. */
function contractExample(): Workspace {
  return {
    format: 'rolecall-workspace',
    version: 1,
    name: 'Prod mobile backend',
    partition: 'aws',
    region: 'us-east-1',
    accountId: '123456789012',
    identityPools: [
      {
        IdentityPoolId: 'us-east-1:0d3f0000-0000-0000-0000-000000000000',
        IdentityPoolName: 'app',
        AllowUnauthenticatedIdentities: true,
        AllowClassicFlow: false,
        CognitoIdentityProviders: [
          {
            ProviderName: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC',
            ClientId: '7f',
            ServerSideTokenCheck: false,
          },
        ],
        SupportedLoginProviders: { 'accounts.google.com': '1234.apps.googleusercontent.com' },
        OpenIdConnectProviderARNs: [],
        SamlProviderARNs: [],
        Roles: {
          authenticated: 'arn:aws:iam::123456789012:role/AppAuth',
          unauthenticated: 'arn:aws:iam::123456789012:role/AppGuest',
        },
        RoleMappings: {
          'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC:7f': {
            Type: 'Rules',
            AmbiguousRoleResolution: 'Deny',
            RulesConfiguration: {
              Rules: [
                {
                  Claim: 'cognito:groups',
                  MatchType: 'Contains',
                  Value: 'admins',
                  RoleARN: 'arn:aws:iam::123456789012:role/AppAdmin',
                },
              ],
            },
          },
        },
        PrincipalTagAttributeMaps: {
          'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC': {
            UseDefaults: false,
            PrincipalTags: { dept: 'custom:dept' },
          },
        },
      },
    ],
    iam: {
      RoleDetailList: [
        {
          RoleName: 'AppAuth',
          Arn: 'arn:aws:iam::123456789012:role/AppAuth',
          AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(policy)),
          RolePolicyList: [{ PolicyName: 'inline', PolicyDocument: JSON.stringify(policy) }],
          AttachedManagedPolicies: [{ PolicyName: 'P', PolicyArn: 'arn:aws:iam::123456789012:policy/P' }],
          RoleLastUsed: { LastUsedDate: '2026-01-01T00:00:00Z' },
        },
      ],
      UserDetailList: [],
      GroupDetailList: [],
      Policies: [
        {
          PolicyName: 'P',
          Arn: 'arn:aws:iam::123456789012:policy/P',
          DefaultVersionId: 'v1',
          PolicyVersionList: [{ Document: policy, VersionId: 'v1', IsDefaultVersion: true }],
        },
      ],
    },
    resourcePolicies: [{ resourceArn: 'arn:aws:s3:::app-user-files', policy }],
    organization: { scps: [[policy]], rcps: [] },
    settings: { guestScopeDown: 'inline-or-managed', multiValuedClaimMatch: 'anyElement' },
    resources: ['arn:aws:s3:::app-user-files', 'arn:aws:s3:::app-user-files/*'],
  };
}

describe('parseWorkspaceText', () => {
  it('loads the CONTRACT example, keeping AWS extra fields and every policy form as given', () => {
    const ws = contractExample();
    const r = parseWorkspaceText(JSON.stringify(ws), 'w.rolecall.json');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toEqual(ws);
    expect(r.value.iam?.RoleDetailList?.[0].RoleLastUsed).toEqual({ LastUsedDate: '2026-01-01T00:00:00Z' });
    expect(typeof r.value.iam?.RoleDetailList?.[0].AssumeRolePolicyDocument).toBe('string');
  });

  it('refuses a wrong type with the file, the JSON path and the line/column', () => {
    const text =
      '{\n  "format": "rolecall-workspace",\n  "version": 1,\n  "iam": {\n    "RoleDetailList": [\n      { "RoleName": 7, "Arn": "arn:aws:iam::1:role/x" }\n    ]\n  }\n}\n';
    const r = parseWorkspaceText(text, 'bad.rolecall.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({
      file: 'bad.rolecall.json',
      path: 'iam.RoleDetailList[0].RoleName',
      message: 'expected a string, found number',
    });
    expect(r.errors[0].range?.start).toEqual({ line: 6, column: 9 });
  });

  it('names the allowed values of an enum and the path through a map key', () => {
    const ws = contractExample() as unknown as { identityPools: { RoleMappings: Record<string, { Type: string }> }[] };
    ws.identityPools[0].RoleMappings['cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC:7f'].Type = 'Rulez';
    const r = parseWorkspaceText(JSON.stringify(ws, null, 2), 'w.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0].path).toBe(
      'identityPools[0].RoleMappings["cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC:7f"].Type',
    );
    expect(r.errors[0].message).toBe('expected "Token" or "Rules"');
    expect(r.errors[0].range?.start.line).toBeGreaterThan(1);
  });

  it('refuses a policy that is neither an object nor a string', () => {
    const r = parseWorkspaceText(
      '{"format":"rolecall-workspace","version":1,"resourcePolicies":[{"resourceArn":"arn:aws:s3:::b","policy":42}]}',
      'w.json',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0].path).toBe('resourcePolicies[0].policy');
    expect(r.errors[0].message).toMatch(/policy document/);
  });

  it('reports malformed JSON with line and column, never throwing', () => {
    const r = parseWorkspaceText('{\n  "format": "rolecall-workspace",\n  "version": 1,,\n}', 'm.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({
      code: 'json.syntax',
      file: 'm.json',
      range: { start: { line: 3, column: 16 } },
    });
  });

  it('reports an empty file and a file that is not an object', () => {
    const empty = parseWorkspaceText('  \n', 'e.json');
    expect(!empty.ok && empty.errors[0].message).toBe('the file is empty');
    const arr = parseWorkspaceText('[1,2]', 'a.json');
    expect(!arr.ok && arr.errors[0].message).toMatch(/JSON object/);
  });

  it('refuses __proto__ keys without polluting any prototype', () => {
    const text = '{"format":"rolecall-workspace","version":1,"settings":{"__proto__":{"polluted":true}}}';
    const r = parseWorkspaceText(text, 'p.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({
      code: 'json.forbidden-key',
      path: 'settings.__proto__',
      range: { start: { line: 1, column: 56 } },
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses huge input with a clear error instead of stalling', () => {
    const r = parseWorkspaceText(' '.repeat(MAX_INPUT_CHARS + 1), 'huge.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0].code).toBe('json.too-large');
    expect(r.errors[0].message).toMatch(/50 MB/);
  });

  it('survives absurdly deep nesting', () => {
    const r = parseWorkspaceText('['.repeat(200_000), 'deep.json');
    expect(r.ok).toBe(false);
  });

  it('refuses a newer version with a clear message and keeps unknown top-level fields with a warning', () => {
    const newer = parseWorkspaceText('{"format":"rolecall-workspace","version":3}', 'n.json');
    expect(!newer.ok && newer.errors[0].message).toMatch(/version 3, written by a newer Rolecall/);
    const extra = parseWorkspaceText('{"format":"rolecall-workspace","version":1,"notes":"mine"}', 'x.json');
    expect(extra.ok).toBe(true);
    if (!extra.ok) return;
    expect((extra.value as unknown as Record<string, unknown>).notes).toBe('mine');
    expect(extra.diagnostics?.[0]).toMatchObject({ severity: 'warning', path: 'notes' });
  });

  it('refuses a file that is not a workspace at all', () => {
    const r = parseWorkspaceText('{"RoleDetailList":[]}', 'auth.json');
    expect(!r.ok && r.errors[0].message).toMatch(/not a Rolecall workspace.*rolecall import/);
  });
});

describe('migrate', () => {
  it('upgrades an unversioned (version 0) workspace and says so', () => {
    const r = migrate({ accountId: '123456789012', resources: [] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      format: 'rolecall-workspace',
      version: WORKSPACE_VERSION,
      accountId: '123456789012',
    });
    expect(r.diagnostics?.[0].code).toBe('workspace.migrated');
  });

  it('refuses non-integer versions', () => {
    expect(migrate({ format: 'rolecall-workspace', version: '1' }).ok).toBe(false);
    expect(migrate({ format: 'rolecall-workspace', version: 1.5 }).ok).toBe(false);
  });
});

describe('serializeWorkspace', () => {
  it('writes 2-space JSON with a trailing newline and the documented key order', () => {
    const ws = { resources: ['r'], version: 1, accountId: '1', format: 'rolecall-workspace' } as unknown as Workspace;
    const text = serializeWorkspace(ws);
    expect(text).toBe(
      '{\n  "format": "rolecall-workspace",\n  "version": 1,\n  "accountId": "1",\n  "resources": [\n    "r"\n  ]\n}\n',
    );
  });

  it('round-trips: parse(serialize(ws)) equals ws, and serialising twice gives the same text', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.array(fc.string(), { maxLength: 4 }),
        fc.option(fc.stringMatching(/^\d{12}$/), { nil: undefined }),
        (name, resources, accountId) => {
          const ws: Workspace = { ...contractExample(), name, resources, ...(accountId ? { accountId } : {}) };
          const text = serializeWorkspace(ws);
          const back = parseWorkspaceText(text, 'rt.json');
          expect(back.ok).toBe(true);
          if (!back.ok) return;
          expect(back.value).toEqual(ws);
          expect(serializeWorkspace(back.value)).toBe(text);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('the fast path for plain JSON (JSON.parse, the parse tree built only when a place is asked for)', () => {
  it('reads a plain workspace to the same value as JSON.parse and still places warnings', () => {
    const text = '{\n  "format": "rolecall-workspace",\n  "version": 1,\n  "extra": { "a": 1 }\n}\n';
    expect(plainJson(text)).toBe(true);
    const r = parseWorkspaceText(text, 'w.json');
    if (!r.ok) throw new Error(r.errors[0].message);
    expect(r.value).toEqual(JSON.parse(text));
    expect(r.diagnostics?.map((d) => [d.code, d.range?.start])).toEqual([
      ['workspace.unknown-field', { line: 4, column: 3 }],
    ]);
  });

  it('leaves duplicate keys, escaped duplicates, __proto__ and deep nesting to the full reader', () => {
    expect(plainJson('{"a":1,"b":{"a":2}}')).toBe(true);
    expect(plainJson('{"a":1,"a":2}')).toBe(false);
    expect(plainJson('{"a":1,"\\u0061":2}')).toBe(false);
    expect(plainJson('[{"x":{"__proto__":1}}]')).toBe(false);
    expect(plainJson('{"k":"\\"}{,","k2":[1,{"k":2}]}')).toBe(true);
    expect(plainJson('['.repeat(300) + ']'.repeat(300))).toBe(false);
    // An object with many keys (a Set past 16) still finds its duplicate.
    const many = Array.from({ length: 40 }, (_, i) => `"k${i}":${i}`);
    expect(plainJson(`{${many.join(',')}}`)).toBe(true);
    expect(plainJson(`{${many.join(',')},"k3":0}`)).toBe(false);
    const dup = parseWorkspaceText('{"format":"rolecall-workspace","version":1,"name":"a","name":"b"}', 'w.json');
    expect(dup.ok && dup.diagnostics?.map((d) => d.code)).toEqual(['json.duplicate-key']);
  });

  it('agrees with JSON.parse on any JSON value, and finds every duplicate key', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (v) => {
        const text = JSON.stringify(v, null, 1);
        // JSON.stringify never writes a key twice; only a `__proto__` key sends the text to the full reader.
        if (!text.includes('__proto__')) expect(plainJson(text)).toBe(true);
        const src = parseJsonSource(text, 'v.json');
        expect(src.ok && src.value.value).toEqual(JSON.parse(text));
      }),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.integer(), { minKeys: 1 }), (d) => {
        const [k] = Object.keys(d);
        const text = `{${JSON.stringify(k)}:0,${JSON.stringify(d).slice(1)}`;
        expect(plainJson(text)).toBe(false);
      }),
    );
  });
});
