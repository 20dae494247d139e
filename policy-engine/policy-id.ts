/**
 * Policy ids, one definition of their shape (CONTRACT.md `policyId`): a managed policy ARN, `OWNERARN#inline/NAME`,
 * `ROLEARN#trust`, `RESOURCEARN#resource`, `KEYARN#keyPolicy`, or an id that is no ARN (`scp/LEVEL/INDEX`,
 * `cognito-scope-down#inline`). An id holds at most one `#`: the owner is what comes before it, the suffix what
 * follows. The CLI, the fix advice and the app's explanation panel each word a name from these parts.
 */
import { splitArn, type ArnParts } from './arn';

/** What a policy id's suffix says it is. */
export type PolicyIdKind = 'plain' | 'inline' | 'trust' | 'resource' | 'keyPolicy' | 'other';

/** A policy id, taken apart. */
export interface PolicyIdParts {
  /** What comes before the `#` (the whole id when there is none). */
  owner: string;
  /** What follows the `#`, or undefined. */
  suffix: string | undefined;
  kind: PolicyIdKind;
  /** kind 'inline': the inline policy's name (after `#inline/`). */
  inlineName?: string;
  /** The owner's ARN parts, when the owner is an ARN. */
  ownerArn: ArnParts | null;
}

/** Takes a policy id apart. */
export function parsePolicyId(id: string): PolicyIdParts {
  const hash = id.indexOf('#');
  const owner = hash < 0 ? id : id.slice(0, hash);
  const suffix = hash < 0 ? undefined : id.slice(hash + 1);
  const ownerArn = splitArn(owner);
  if (suffix === undefined) return { owner, suffix, kind: 'plain', ownerArn };
  if (suffix.startsWith('inline/'))
    return { owner, suffix, kind: 'inline', inlineName: suffix.slice('inline/'.length), ownerArn };
  const kind = suffix === 'trust' || suffix === 'resource' || suffix === 'keyPolicy' ? suffix : 'other';
  return { owner, suffix, kind, ownerArn };
}

/** The last `/`-separated segment of a path (`role/app/Reader` → `Reader`). */
export function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
