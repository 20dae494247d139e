/**
 * The identity picker's "user of the pool" form (CONTRACT.md §2 `identity.user`): what the app offers for a user-pool
 * provider whose pool the workspace holds — its app clients, its groups (with Precedence and role), the attributes the
 * chosen client may read or write (with the schema's type) — and how the form becomes the `user` input, how an input
 * error the engine reports finds its field, and why the resolution chose its role.
 * Read/write permissions: https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html
 * Groups and precedence: https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-user-groups.html
 */
import type {
  IdentityInput,
  ResolutionStep,
  UserPoolClient,
  UserPoolEntry,
  UserPoolUserInput,
  Workspace,
} from '../../../../policy-engine/model/index';
import {
  attributesOf,
  clientsOf,
  findUserPool,
  groupsOf,
  providerNameOf,
  readableAttributes,
  userPoolIdOfProvider,
  userWritableAttributes,
  type AttributeInfo,
} from '../../../../policy-engine/userpool/index';
import { splitNames, type ClaimRow } from './claims';
import type { IdentityForm } from '../workbench/session/identity-form';

/** The user as the form holds it. */
export interface UserForm {
  /** The app client the user signs in through (typed or picked). */
  clientId: string;
  username: string;
  /** The pool's groups the user is in (checked boxes). */
  groups: string[];
  /** More group names, comma-separated (e.g. copied from a log). */
  otherGroups: string;
  /** Values of the attribute fields; '' means "not given". */
  attributes: Record<string, string>;
  /** Attributes given by name (for one the form does not offer). */
  otherAttributes: { name: string; value: string }[];
}

/** The user pool (of the workspace) behind a Logins key, or undefined. */
export function userPoolOfProvider(ws: Workspace | null, loginsKey: string): UserPoolEntry | undefined {
  if (!ws || !loginsKey) return undefined;
  const id = userPoolIdOfProvider(loginsKey);
  return id ? findUserPool(ws, id) : undefined;
}

/** One app client the form offers. */
export interface ClientChoice {
  clientId: string;
  label: string;
  /** Whether the identity pool lists this client for the provider (else Cognito refuses its tokens). */
  listed: boolean;
}

/** The pool's app clients, those the identity pool lists first. */
export function clientChoices(entry: UserPoolEntry, listedClientIds: readonly string[]): ClientChoice[] {
  const choices = clientsOf(entry).map((c) => ({
    clientId: c.ClientId,
    label: c.ClientName ? `${c.ClientName} (${c.ClientId})` : c.ClientId,
    listed: listedClientIds.includes(c.ClientId),
  }));
  return [...choices.filter((c) => c.listed), ...choices.filter((c) => !c.listed)];
}

/** One group checkbox. */
export interface GroupChoice {
  name: string;
  precedence: number | null;
  roleArn: string | null;
  description: string | null;
}

/** The pool's groups, in the order Cognito ranks them: lowest Precedence first, groups without one last. */
export function groupChoices(entry: UserPoolEntry): GroupChoice[] {
  const rank = (p: number | null) => (p === null ? Number.POSITIVE_INFINITY : p);
  return groupsOf(entry)
    .map((g) => ({
      name: g.GroupName,
      precedence: typeof g.Precedence === 'number' ? g.Precedence : null,
      roleArn: typeof g.RoleArn === 'string' && g.RoleArn ? g.RoleArn : null,
      description: typeof g.Description === 'string' && g.Description ? g.Description : null,
    }))
    .sort((a, b) => rank(a.precedence) - rank(b.precedence) || a.name.localeCompare(b.name));
}

/** One attribute field. */
export interface AttributeField {
  name: string;
  dataType: AttributeInfo['dataType'];
  kind: AttributeInfo['kind'];
  /** The client may read it: it reaches the ID token. */
  readable: boolean;
  /** The user can change it themselves through this client (mutable and in WriteAttributes). */
  writable: boolean;
}

/**
 * The attributes the form offers for a client: those it may read or the user may write through it, never `sub`
 * (Cognito assigns it). The ones the client lists (ReadAttributes, WriteAttributes) and custom ones first, then
 * those AWS's defaults give it (no ReadAttributes: the standard attributes).
 */
export function attributeFields(entry: UserPoolEntry, client: UserPoolClient | undefined): AttributeField[] {
  if (!client) return [];
  const all = attributesOf(entry);
  const readable = readableAttributes(entry, client);
  const writable = userWritableAttributes(entry, client);
  const fields: AttributeField[] = [];
  for (const a of all.values()) {
    if (a.name === 'sub') continue;
    const r = readable.has(a.name);
    const w = writable.has(a.name);
    if (!r && !w) continue;
    fields.push({ name: a.name, dataType: a.dataType, kind: a.kind, readable: r, writable: w });
  }
  const listed = new Set([...(client.ReadAttributes ?? []), ...(client.WriteAttributes ?? [])]);
  const weight = (f: AttributeField) => (f.kind === 'custom' || listed.has(f.name) ? 0 : 1);
  return fields
    .map((f, i) => ({ f, i }))
    .sort((a, b) => weight(a.f) - weight(b.f) || a.i - b.i)
    .map((x) => x.f);
}

/** A fresh form for a pool: the first client the identity pool lists, no groups, no attributes. */
export function blankUserForm(entry: UserPoolEntry, listedClientIds: readonly string[]): UserForm {
  return {
    clientId: clientChoices(entry, listedClientIds)[0]?.clientId ?? '',
    username: 'alice',
    groups: [],
    otherGroups: '',
    attributes: {},
    otherAttributes: [],
  };
}

/**
 * The `identity.user` input the form stands for. Groups: the checked ones as checked, then the other names as typed
 * (each once); attributes: the non-empty fields, then the named ones (a later one wins).
 */
export function userInputOf(form: UserForm, userPoolId: string): UserPoolUserInput {
  const groups = [...new Set([...form.groups, ...splitNames(form.otherGroups)])];
  const attributes = new Map<string, string>();
  for (const [k, v] of Object.entries(form.attributes)) if (v !== '') attributes.set(k, v);
  for (const { name, value } of form.otherAttributes) if (name.trim()) attributes.set(name.trim(), value);
  return {
    userPoolId,
    clientId: form.clientId.trim(),
    username: form.username.trim(),
    groups,
    attributes: Object.fromEntries(attributes),
  };
}

/** Which field of the form an input error belongs to. */
export type UserFieldRef =
  | { field: 'userPoolId' }
  | { field: 'clientId' }
  | { field: 'username' }
  | { field: 'group'; name: string; inPool: boolean }
  | { field: 'attribute'; name: string; offered: boolean }
  | { field: 'form' };

/**
 * Maps the engine's `inputError.path` (`["user", "groups", 2]`, `["user", "attributes", "custom:x"]`, …) to the field
 * of the form it is about; `input` is what the form sent, `offered` the attribute names shown as fields.
 */
export function fieldOfError(
  path: readonly (string | number)[],
  input: UserPoolUserInput,
  poolGroups: readonly string[],
  offered: readonly string[],
): UserFieldRef {
  const [root, field, key] = path;
  if (root !== 'user') return { field: 'form' };
  if (field === 'userPoolId' || field === 'clientId' || field === 'username') return { field };
  if (field === 'groups' && typeof key === 'number') {
    const name = input.groups?.[key] ?? '';
    return { field: 'group', name, inPool: poolGroups.includes(name) };
  }
  if (field === 'attributes' && typeof key === 'string')
    return { field: 'attribute', name: key, offered: offered.includes(key) };
  return { field: 'form' };
}

/** The input type of an attribute field. */
export function inputTypeOf(dataType: AttributeField['dataType']): 'text' | 'number' | 'boolean' {
  return dataType === 'Number' ? 'number' : dataType === 'Boolean' ? 'boolean' : 'text';
}

/** The steps of a trace that decided the role, for "why this role" (the rule that matched, the default, …). */
export function decidingSteps(source: string | null | undefined, trace: readonly ResolutionStep[]): ResolutionStep[] {
  switch (source) {
    case 'rule':
      return trace.filter((s) => s.kind === 'rule' && s.status === 'matched');
    case 'token':
      // The built token's groups step says where cognito:preferred_role came from; then how the mapping used it.
      return trace.filter(
        (s) =>
          (s.kind === 'token' && s.message.startsWith('Built the ID token')) ||
          (s.kind === 'tokenRoles' && s.status !== 'notReached'),
      );
    case 'customRoleArn':
      return trace.filter((s) => s.kind === 'customRoleArn' && s.status !== 'notReached');
    case 'default':
      return trace.filter((s) => s.kind === 'default' && s.status !== 'notReached');
    case 'basic':
      return trace.filter((s) => s.kind === 'basic' && s.status !== 'notReached');
    default:
      return trace.filter((s) => s.status === 'failed');
  }
}

/** The subject of an identity class (a principal, or an identity with claims or a user). */
export interface ClassSubject {
  principal?: string;
  identity?: IdentityInput;
}

/**
 * The identity form that stands for an identity class (who-can's classes, user-pool ones included), so the matrix
 * and the trace show that class: a user-pool class as "a user of the pool", a claims class as its claim rows.
 */
export function formOfClass(
  subject: ClassSubject,
  provider: string | undefined,
  claimsToRows: (claims: Record<string, unknown>) => ClaimRow[],
): Partial<IdentityForm> {
  if (subject.principal !== undefined) return { kind: 'principal', principalArn: subject.principal };
  const id = subject.identity;
  if (!id) return {};
  const common: Partial<IdentityForm> = {
    kind: 'identity',
    poolId: id.identityPoolId,
    customRoleArn: id.customRoleArn ?? '',
    flow: id.flow === 'basic' ? 'basic' : 'enhanced',
    basicRoleArn: id.roleArn ?? '',
    identityId: id.identityId ?? '',
    token: '',
  };
  if (id.user) {
    return {
      ...common,
      provider: provider ?? providerNameOf(id.user.userPoolId),
      claimsMode: 'user',
      claimRows: [],
      user: {
        clientId: id.user.clientId,
        username: id.user.username,
        groups: [...(id.user.groups ?? [])],
        otherGroups: '',
        attributes: { ...(id.user.attributes ?? {}) },
        otherAttributes: [],
      },
    };
  }
  return {
    ...common,
    provider: id.provider ?? '',
    claimsMode: 'claims',
    claimRows: id.claims ? claimsToRows(id.claims) : [],
    user: undefined,
  };
}
