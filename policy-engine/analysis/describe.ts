/**
 * Turns allowed cells (action × resource) into short sentences: "read and delete objects in arn:aws:s3:::b/*".
 */
import { lookupAction, type Catalog } from '../catalog/index';

/** One allowed (or changed) cell. */
export interface ActionOnResource {
  action: string;
  resource: string;
}

/** The verb an action stands for, from its access level and name. */
function actionVerb(catalog: Catalog, action: string): string {
  const info = lookupAction(catalog, action);
  const name = info?.name ?? action.slice(action.indexOf(':') + 1);
  if (/^(Delete|Remove)/.test(name)) return 'delete';
  switch (info?.accessLevel) {
    case 'Write':
      return 'write';
    case 'Permissions management':
      return 'change the permissions of';
    case 'Tagging':
      return 'tag';
    case 'List':
      return 'list';
    case 'Read':
      return 'read';
    default:
      return `use ${action} on`;
  }
}

/** Whether an action writes or deletes data or changes permissions (IAM access levels Write / Permissions management). */
export function isWriteLike(catalog: Catalog, action: string): boolean {
  const level = lookupAction(catalog, action)?.accessLevel;
  return level === 'Write' || level === 'Permissions management';
}

/** "objects in arn:aws:s3:::b/*", "items in arn:…:table/Notes", "the bucket arn:aws:s3:::b". */
function resourcePhrase(resource: string): string {
  if (/^arn:[^:]*:s3:::[^/]+\/.+/.test(resource)) return `objects in ${resource}`;
  if (/^arn:[^:]*:s3:::[^/]+$/.test(resource)) return `the bucket ${resource}`;
  if (/^arn:[^:]*:dynamodb:[^:]*:[^:]*:table\/[^/]+$/.test(resource)) return `items in ${resource}`;
  if (/^arn:[^:]*:dynamodb:[^:]*:[^:]*:table\/[^/]+\/index\//.test(resource)) return `the index ${resource}`;
  return resource;
}

/** "a", "a and b", "a, b and c". */
function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

const verbOrder = ['read', 'list', 'write', 'delete', 'tag', 'change the permissions of'];

/**
 * Describes cells grouped by resource: "read and delete objects in arn:aws:s3:::b/* (s3:GetObject, s3:DeleteObject)".
 * At most `maxResources` resources and `maxActions` action names each are spelled out.
 */
export function describeCells(
  catalog: Catalog,
  cells: ActionOnResource[],
  opts: { maxResources?: number; maxActions?: number } = {},
): string {
  const maxResources = opts.maxResources ?? 3;
  const maxActions = opts.maxActions ?? 4;
  const byResource = new Map<string, string[]>();
  for (const c of cells) {
    if (!byResource.has(c.resource)) byResource.set(c.resource, []);
    const list = byResource.get(c.resource)!;
    if (!list.includes(c.action)) list.push(c.action);
  }
  const parts: string[] = [];
  for (const [resource, actions] of [...byResource.entries()].slice(0, maxResources)) {
    const verbs = [...new Set(actions.map((a) => actionVerb(catalog, a)))].sort((a, b) => rank(a) - rank(b));
    const named =
      actions.slice(0, maxActions).join(', ') +
      (actions.length > maxActions ? `, +${actions.length - maxActions} more` : '');
    parts.push(`${joinWords(verbs)} ${resourcePhrase(resource)} (${named})`);
  }
  const more = byResource.size > maxResources ? `; and ${byResource.size - maxResources} more resource(s)` : '';
  return parts.join('; ') + more;
}

function rank(verb: string): number {
  const i = verbOrder.indexOf(verb);
  return i < 0 ? verbOrder.length : i;
}
