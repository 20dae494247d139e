import { describe, expect, it } from 'vitest';
import type { Request } from '../../../../../policy-engine/model/request';
import {
  hasSuppliedContext,
  suppliedContext,
  withSuppliedContext,
} from '../../../../../renderer/src/features/explain/supplied-context';

const request: Request = {
  role: { arn: 'arn:aws:iam::123456789012:role/AppUser' },
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::b/k',
} as unknown as Request;

describe('supplied context values', () => {
  it('drops blank fields and keeps filled ones', () => {
    expect(suppliedContext({ 'aws:SecureTransport': 'false', 's3:prefix': '' })).toEqual({
      'aws:SecureTransport': 'false',
    });
    expect(hasSuppliedContext({ a: '' })).toBe(false);
    expect(hasSuppliedContext({ a: '', b: 'x' })).toBe(true);
  });

  it('adds a context only when a value is filled in', () => {
    expect(withSuppliedContext(request, { a: '' })).toBe(request);
    expect(withSuppliedContext(request, {})).not.toHaveProperty('context');
    expect(withSuppliedContext(request, { 'aws:SecureTransport': 'true', b: '' })).toEqual({
      ...request,
      context: { 'aws:SecureTransport': 'true' },
    });
  });
});
