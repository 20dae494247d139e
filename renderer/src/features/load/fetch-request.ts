/**
 * The fetch dialog's fields and what they become: the host's `aws:fetchStart` request and the name the fetched
 * workspace is loaded under. Pure: tested without a DOM.
 */
import type { ChannelInput } from '../../../../electron/ipc/contract';

/** The dialog's fields, as typed. */
export interface FetchFields {
  profile: string;
  region: string;
  /** Identity pool ids separated by spaces or commas; empty for every pool in the region. */
  pools: string;
  endpoint: string;
}

/** The host's request for the fields: only the fields given, the pool ids split, the endpoint trimmed. */
export function fetchRequest(fields: FetchFields): ChannelInput<'aws:fetchStart'> {
  const { profile, region, pools, endpoint } = fields;
  const ids = pools.split(/[\s,]+/).filter(Boolean);
  return {
    ...(profile ? { profile } : {}),
    ...(region ? { region } : {}),
    ...(ids.length ? { identityPoolIds: ids } : {}),
    ...(endpoint.trim() ? { endpoint: endpoint.trim() } : {}),
  };
}

/** The name a fetched workspace is loaded under: `profile / region`. */
export const fetchLabel = (fields: FetchFields): string => `${fields.profile || 'default'} / ${fields.region}`;
