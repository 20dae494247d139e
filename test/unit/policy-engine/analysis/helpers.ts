/**
 * Shared test helpers for the analysis tests: load a fixture workspace, prepare it, audit it.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseWorkspaceText } from '../../../../policy-engine/workspace/schema';
import { prepareWorkspace, type PreparedWorkspace } from '../../../../policy-engine/evaluate/prepare';
import type { Workspace } from '../../../../policy-engine/model/workspace';

/** The audit fixtures directory. */
export const auditFixtures = resolve(__dirname, '../../../fixtures/audit');

/** A fixed evaluation time. */
export const NOW = new Date('2026-11-01T00:00:00Z');

/** Loads and validates a fixture workspace; returns its text too. */
export function loadFixture(name: string): { ws: Workspace; text: string; pw: PreparedWorkspace } {
  const file = join(auditFixtures, name);
  const text = readFileSync(file, 'utf8');
  const r = parseWorkspaceText(text, file);
  if (!r.ok) throw new Error(`fixture ${name} does not load: ${r.errors.map((e) => e.message).join('; ')}`);
  return { ws: r.value, text, pw: prepareWorkspace(r.value) };
}

/** Prepares an inline workspace (validated like a file). */
export function prepareInline(ws: Omit<Workspace, 'format' | 'version'>): PreparedWorkspace {
  const full = { format: 'rolecall-workspace', version: 1, ...ws };
  const r = parseWorkspaceText(JSON.stringify(full, null, 2), 'inline.rolecall.json');
  if (!r.ok)
    throw new Error(`inline workspace does not load: ${r.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return prepareWorkspace(r.value);
}

/** A Cognito trust policy pinned to a pool and an amr value (role-trust-and-permissions.html). */
export function cognitoTrust(poolId: string, amr: 'authenticated' | 'unauthenticated') {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: 'cognito-identity.amazonaws.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'cognito-identity.amazonaws.com:aud': poolId },
          'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
        },
      },
    ],
  };
}

/** A role with one inline policy. */
export function roleWith(account: string, name: string, trust: unknown, statements: unknown[]) {
  return {
    RoleName: name,
    RoleId: `AROA${name.toUpperCase().padEnd(16, 'X').slice(0, 16)}`,
    Arn: `arn:aws:iam::${account}:role/${name}`,
    AssumeRolePolicyDocument: trust,
    RolePolicyList: [{ PolicyName: `${name}Policy`, PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
    AttachedManagedPolicies: [],
  };
}
