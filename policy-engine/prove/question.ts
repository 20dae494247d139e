/**
 * The prover's question checks (CONTRACT §4 `rolecall prove`), apart from the prover so that the app's "Can anyone?"
 * form checks a question as it is typed with the very checks the engine runs when it is asked, without loading the
 * prover: the action is a known S3, DynamoDB or STS action or an action pattern that matches one; the resource is "*"
 * or an ARN pattern whose policy variables are whole.
 */
import type { PreparedWorkspace } from '../evaluate/prepare';
import { lookupAction, actionsOf, suggestAction, type Catalog } from '../catalog';
import { closest } from '../did-you-mean';
import { parseTemplate } from '../evaluate/variables';
import { matchArn } from '../arn';

/**
 * A question the prover refuses, in one line (worded for the CLI's flags). `field` is the part at fault and
 * `suggestion` the closest valid action, when there is one (for an app to offer).
 */
export class ProveInputError extends Error {
  readonly field: 'action' | 'resource';
  readonly suggestion: string | undefined;
  /** The refusal without the CLI's flag and without the "did you mean" (the suggestion says it), for the app's fields. */
  readonly reason: string;
  constructor(field: 'action' | 'resource', reason: string, suggestion?: string) {
    super(`--${field} ${reason}${suggestion ? `; did you mean "${suggestion}"?` : ''}`);
    this.field = field;
    this.suggestion = suggestion;
    this.reason = reason;
  }
}

/** Checks the question; throws ProveInputError with a one-line reason. Returns the actions it stands for. */
export function checkQuestion(pw: PreparedWorkspace, q: { action: string; resource: string }): string[] {
  const actions = checkQuestionAction(pw.catalog, q.action);
  checkQuestionResource(q.resource);
  return actions;
}

const SERVICES = ['s3', 'dynamodb', 'sts'];

/** Checks the question's action (a name or a `*`/`?` pattern); returns the actions it stands for, or throws. */
export function checkQuestionAction(catalog: Catalog, given: string): string[] {
  const action = given.trim();
  const m = /^([A-Za-z0-9-]+):([A-Za-z0-9*?]+)$/.exec(action);
  if (!m) throw new ProveInputError('action', `"${given}" is not a service:Action name (e.g. s3:GetObject)`);
  const service = m[1].toLowerCase();
  const pattern = /[*?]/.test(m[2]);
  if (!SERVICES.includes(service)) {
    // A misspelt service is guessed only when the guess has an action of that name ("dynamo:GetItem").
    const guess = closest(service, SERVICES);
    const meant = guess && !pattern ? lookupAction(catalog, `${guess}:${m[2]}`)?.fullName : undefined;
    throw new ProveInputError(
      'action',
      `${given}: the prover answers S3, DynamoDB and STS actions only (got the service "${m[1]}")`,
      meant,
    );
  }
  if (pattern) {
    const re = new RegExp(`^${m[2].replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
    const actions = actionsOf(catalog, service as 's3' | 'dynamodb' | 'sts')
      .filter((a) => re.test(a.name))
      .map((a) => a.fullName);
    if (!actions.length) throw new ProveInputError('action', `${given} matches no ${service} action`);
    return actions;
  }
  const info = lookupAction(catalog, action);
  if (info) return [info.fullName];
  const guess = suggestAction(catalog, action);
  throw new ProveInputError(
    'action',
    `${given} is not a known ${service} action`,
    guess && guess.toLowerCase() !== action.toLowerCase() ? guess : undefined,
  );
}

/**
 * Checks the question's resource pattern: "*" or an ARN pattern whose `${…}` parts are whole (a variable, or an
 * escape such as `${$}` for a literal `$`); throws otherwise.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-specialchars
 */
export function checkQuestionResource(given: string): void {
  const r = given.trim();
  if (r === '*') return;
  if (!matchArn(r, { resource: 'nonEmpty' }))
    throw new ProveInputError(
      'resource',
      `"${given}" is not an ARN pattern (arn:partition:service:region:account:resource, or "*")`,
    );
  const t = parseTemplate(r, true);
  if (r.split('${').length - 1 !== t.parts.filter((p) => p.kind !== 'text').length)
    throw new ProveInputError('resource', `"${given}" has a malformed \${…} variable`);
}
