/**
 * The closed field lists of a request, an identity and a user (CONTRACT.md §2) are read from the zod shapes, so every
 * field the schema knows is accepted and an unknown one is refused with the whole list, in the schema's order.
 */
import { describe, expect, it } from 'vitest';
import { checkIdentity, parseRequest } from '../../../policy-engine/request-schema';

const base = { principal: 'arn:aws:iam::111122223333:role/R', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' };

describe('request fields come from the schema', () => {
  it('an unknown request field is refused, naming every field of the schema', () => {
    const r = parseRequest({ ...base, contxt: {} });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.path).toEqual(['contxt']);
    expect(r.message).toContain('did you mean "context"?');
    expect(r.message).toContain(
      '(its fields: id, principal, identity, action, resource, resourceAccount, context, sessionPolicy, operation, objectKmsKeyArn, copySource)',
    );
  });
  it('every optional field the schema declares is accepted', () => {
    const r = parseRequest({ ...base, id: 'x', resourceAccount: '111122223333', context: {}, sessionPolicy: {} });
    expect(r).toMatchObject({ ok: true });
  });
  it("the identity's and the user's fields, the same way", () => {
    const id = checkIdentity({ identityPoolId: 'us-east-1:x', flw: 'basic' });
    expect(id).toMatchObject({ ok: false, path: ['flw'] });
    if (!id.ok)
      expect(id.message).toMatch(/did you mean "flow"\?.*its fields: identityPoolId, provider, claims, .*user\)/);
    const user = checkIdentity({
      identityPoolId: 'us-east-1:x',
      user: { userPoolId: 'p', clientId: 'c', username: 'u', group: ['a'] },
    });
    expect(user).toMatchObject({ ok: false, path: ['user', 'group'] });
    if (!user.ok) expect(user.message).toContain('its fields: userPoolId, clientId, username, groups, attributes');
  });
});
