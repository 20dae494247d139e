/**
 * Journey 2 — pick an identity: the pool, one of its configured providers (or guest), claims as key/value rows or a
 * pasted JWT (decoded and shown), CustomRoleArn and flow; or an IAM role/user directly. The field groups are in
 * identity-fields.tsx; the role-resolution trace shown beside the form is in resolution-trace.tsx.
 */
import { useMemo } from 'react';
import type { Workspace } from '../../../../policy-engine/model/index';
import { configuredProviders } from '../../../../policy-engine/cognito/index';
import type { IdentityForm } from '../workbench/session-store';
import type { ResolutionView } from '../../engine/protocol';
import { blankUserForm, userPoolOfProvider } from './user-form';
import { UserPoolUserFields } from './user-pool-user';
import {
  AdvancedFields,
  ClaimsSourceFields,
  ClaimsTable,
  PoolFields,
  PrincipalField,
  ProviderField,
  TokenField,
  WhoAsksFields,
  type FieldsProps,
} from './identity-fields';

/** Props of IdentityForm. */
export interface IdentityFormProps {
  workspace: Workspace | null;
  form: IdentityForm;
  onChange(patch: Partial<IdentityForm>): void;
  /** Prefix for element ids (two forms side by side). */
  idPrefix?: string;
  /** A name for the form's landmark. */
  label?: string;
  /** The resolution of this form (for the fields a user-pool user's input error names). */
  resolution?: ResolutionView | null;
}

/** The most suggestions a principal or role field offers. */
const SUGGESTIONS = 50;

/** The values containing `typed` (case-insensitive), SUGGESTIONS at most, in their order. */
function suggestions(all: string[], typed: string): string[] {
  const t = typed.trim().toLowerCase();
  const out: string[] = [];
  for (const v of all) {
    if (t !== '' && !v.toLowerCase().includes(t)) continue;
    out.push(v);
    if (out.length >= SUGGESTIONS) break;
  }
  return out;
}

/**
 * The workspace's role ARNs and principal ARNs (roles and users) that fit what is typed. The suggestion lists hold
 * SUGGESTIONS at most: a workspace of thousands of roles would otherwise put thousands of options in the page every
 * time this view opens.
 */
function useArnSuggestions(workspace: Workspace | null, form: IdentityForm) {
  const allRoles = useMemo(() => (workspace?.iam?.RoleDetailList ?? []).map((r) => r.Arn), [workspace]);
  const allPrincipals = useMemo(
    () => [...allRoles, ...(workspace?.iam?.UserDetailList ?? []).map((u) => u.Arn)],
    [allRoles, workspace],
  );
  const principals = useMemo(() => suggestions(allPrincipals, form.principalArn), [allPrincipals, form.principalArn]);
  const roleArns = useMemo(() => suggestions(allRoles, form.customRoleArn), [allRoles, form.customRoleArn]);
  return { principals, roleArns };
}

/** The pool picked, its providers, the provider picked and (for a user-pool provider) its user pool. */
function usePickedProvider(workspace: Workspace | null, form: IdentityForm) {
  const pools = workspace?.identityPools ?? [];
  const pool = pools.find((p) => p.IdentityPoolId === form.poolId);
  const providers = useMemo(() => (pool ? configuredProviders(pool) : []), [pool]);
  const provider = providers.find((p) => p.loginsKey === form.provider);
  const userPool = provider?.kind === 'userPool' ? userPoolOfProvider(workspace, provider.loginsKey) : undefined;
  return { pools, pool, providers, provider, userPool };
}

/** The claims of a signed-in identity: where they come from, then the rows, the token or the user of the pool. */
function ClaimsFields({
  fields,
  workspace,
  picked,
  resolution,
  idPrefix,
}: {
  fields: FieldsProps;
  workspace: Workspace | null;
  picked: ReturnType<typeof usePickedProvider>;
  resolution: ResolutionView | null | undefined;
  idPrefix: string;
}) {
  const { form, onChange } = fields;
  const { provider, userPool } = picked;
  const clientIds = provider?.clientIds ?? [];
  return (
    <>
      <ClaimsSourceFields
        {...fields}
        offerUser={!!userPool || form.claimsMode === 'user'}
        blankUser={() => (userPool ? blankUserForm(userPool, clientIds) : undefined)}
      />
      {form.claimsMode === 'user' ? (
        userPool && form.user && workspace ? (
          <UserPoolUserFields
            entry={userPool}
            listedClientIds={clientIds}
            value={form.user}
            onChange={(user) => onChange({ user })}
            inputError={resolution?.inputError ?? null}
            idPrefix={idPrefix}
          />
        ) : (
          <p className="field-error" role="alert">
            The workspace no longer holds the user pool of {form.provider}: import it (DescribeUserPool,
            DescribeUserPoolClient, ListGroups) or pick Claims.
          </p>
        )
      ) : form.claimsMode === 'claims' ? (
        <ClaimsTable {...fields} userPoolProvider={provider?.kind === 'userPool'} />
      ) : (
        <TokenField {...fields} />
      )}
    </>
  );
}

/** The identity form. */
export function IdentityFormView({
  workspace,
  form,
  onChange,
  idPrefix = 'id',
  label = 'Identity',
  resolution,
}: IdentityFormProps) {
  const picked = usePickedProvider(workspace, form);
  const { pools } = picked;
  const { principals, roleArns } = useArnSuggestions(workspace, form);
  const fields: FieldsProps = { form, onChange, fieldId: (name) => `${idPrefix}-${name}` };

  return (
    <form className="identity-form" aria-label={label} onSubmit={(e) => e.preventDefault()}>
      <WhoAsksFields {...fields} hasPools={pools.length > 0} firstPrincipal={principals[0]} />
      {form.kind === 'principal' ? (
        <PrincipalField {...fields} principals={principals} />
      ) : pools.length === 0 ? (
        <p className="empty-state">
          This workspace has no identity pool. Import a DescribeIdentityPool output, or pick an IAM role.
        </p>
      ) : (
        <>
          <PoolFields {...fields} pools={pools} />
          <ProviderField {...fields} providers={picked.providers} pool={picked.pool} workspace={workspace} />
          {form.provider !== '' && (
            <ClaimsFields
              fields={fields}
              workspace={workspace}
              picked={picked}
              resolution={resolution}
              idPrefix={idPrefix}
            />
          )}
          <AdvancedFields {...fields} roleArns={roleArns} />
        </>
      )}
    </form>
  );
}
