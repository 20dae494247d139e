// One JSON-path style (policy-engine/json-text.ts formatJsonPath / appendJsonPath) for diagnostics, validation and
// the policy tree. The properties check that the two formatters it replaced print what they printed before.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { appendJsonPath, formatJsonPath } from '../../../policy-engine/json-text';
import { childPath } from '../../../policy-engine/policy/json-tree';
import { validateIdentityPools } from '../../../policy-engine/cognito/validate';

const name = fc.oneof(
  fc.constantFrom(
    'Statement',
    'Condition',
    'StringLike',
    'aws:PrincipalTag/x',
    'cognito:groups',
    'a-b',
    '',
    '$x',
    '_1',
    '1a',
  ),
  fc.string({ unit: fc.constantFrom('a', 'Z', '1', '-', ':', '$', '_', '"', ' ') }),
);
const segment = fc.oneof(name, fc.nat(20));

function oldFormatJsonPath(path: (string | number)[]): string {
  return path
    .map((s, i) =>
      typeof s === 'number'
        ? `[${s}]`
        : /^[A-Za-z_$][\w$]*$/.test(s)
          ? i === 0
            ? s
            : `.${s}`
          : `[${JSON.stringify(s)}]`,
    )
    .join('');
}

function oldChildPath(path: string, n: string): string {
  const safe = /^[A-Za-z_$][\w$-]*$/.test(n) && !n.includes('-') ? n : JSON.stringify(n);
  if (safe.startsWith('"')) return `${path}[${safe}]`;
  return path ? `${path}.${safe}` : safe;
}

describe('JSON paths', () => {
  it('formatJsonPath prints as before', () =>
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 6 }), (path) => {
        expect(formatJsonPath(path)).toBe(oldFormatJsonPath(path));
      }),
    ));

  it('the policy tree’s childPath is appendJsonPath, as before', () =>
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 4 }), name, (path, n) => {
        const p = formatJsonPath(path);
        expect(childPath(p, n)).toBe(oldChildPath(p, n));
        expect(appendJsonPath(p, n)).toBe(formatJsonPath([...path, n]));
      }),
    ));

  it('examples', () => {
    expect(formatJsonPath([3, 'identity', 'claims', 'cognito:groups'])).toBe('[3].identity.claims["cognito:groups"]');
    expect(appendJsonPath('', 'Statement')).toBe('Statement');
    expect(appendJsonPath('Statement', 0)).toBe('Statement[0]');
  });

  it('identity-pool validation prints its paths in the same style (a Roles key that is a name follows a dot)', () => {
    const diags = validateIdentityPools({
      identityPools: [
        {
          IdentityPoolId: 'us-east-1:00000000-0000-4000-8000-000000000000',
          Roles: { guest: 'arn:aws:iam::111122223333:role/G', 'not-a-name': 'arn:aws:iam::111122223333:role/G' },
        },
      ],
    } as never);
    const paths = diags.filter((d) => d.code === 'cognito.roles-key').map((d) => d.path);
    expect(paths).toEqual(['identityPools[0].Roles.guest', 'identityPools[0].Roles["not-a-name"]']);
  });
});
