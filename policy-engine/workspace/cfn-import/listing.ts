/**
 * What a template holds that Rolecall does not import, said and never dropped silently: resources of a type that
 * looks like a misspelling of one Rolecall reads (with "did you mean"), and resources that grant or hold access but
 * cannot be read from this template (SAM resources, nested stacks not imported together, other IAM types).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html
 */
import { diag } from '../json-source';
import type { Acc } from '../merge';
import { USER_POOL_TYPES } from '../cfn-userpool';
import { objOf, toRange } from './context';
import type { TemplateUnit } from './context';

/** The types Rolecall reads, for "did you mean" on a misspelt one. */
const READ_TYPES = [
  'AWS::IAM::Role',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::Policy',
  'AWS::IAM::RolePolicy',
  'AWS::S3::Bucket',
  'AWS::S3::BucketPolicy',
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::Cognito::IdentityPool',
  'AWS::Cognito::IdentityPoolRoleAttachment',
  'AWS::Cognito::IdentityPoolPrincipalTag',
  'AWS::CloudFormation::Stack',
  ...USER_POOL_TYPES,
];

/** Real AWS types of the services Rolecall reads that it does not import itself (so not "unknown types"). */
const KNOWN_OTHER = new Set([
  'AWS::IAM::User',
  'AWS::IAM::Group',
  'AWS::IAM::UserToGroupAddition',
  'AWS::IAM::AccessKey',
  'AWS::IAM::InstanceProfile',
  'AWS::IAM::OIDCProvider',
  'AWS::IAM::SAMLProvider',
  'AWS::IAM::ServerCertificate',
  'AWS::IAM::ServiceLinkedRole',
  'AWS::IAM::VirtualMFADevice',
  'AWS::IAM::GroupPolicy',
  'AWS::IAM::UserPolicy',
  'AWS::Cognito::UserPool',
  'AWS::Cognito::UserPoolClient',
  'AWS::Cognito::UserPoolGroup',
  'AWS::Cognito::UserPoolDomain',
  'AWS::Cognito::UserPoolIdentityProvider',
  'AWS::Cognito::UserPoolResourceServer',
  'AWS::Cognito::UserPoolRiskConfigurationAttachment',
  'AWS::Cognito::UserPoolUICustomizationAttachment',
  'AWS::Cognito::UserPoolUser',
  'AWS::Cognito::UserPoolUserToGroupAttachment',
  'AWS::Cognito::LogDeliveryConfiguration',
  'AWS::Cognito::ManagedLoginBranding',
  'AWS::Cognito::Terms',
  'AWS::S3::AccessPoint',
  'AWS::S3::MultiRegionAccessPoint',
  'AWS::S3::MultiRegionAccessPointPolicy',
  'AWS::S3::StorageLens',
  'AWS::S3::StorageLensGroup',
  'AWS::S3::AccessGrant',
  'AWS::S3::AccessGrantsInstance',
  'AWS::S3::AccessGrantsLocation',
]);

/** Edit distance (small strings only), for "did you mean". */
function distance(a: string, b: string): number {
  const d: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      prev = cur;
    }
  }
  return d[b.length];
}

/** The resource type a misspelt one most likely means, or null. */
export function didYouMeanType(type: string): string | null {
  let best: string | null = null;
  let bestD = 4;
  for (const t of READ_TYPES) {
    const dd = distance(type, t);
    if (dd < bestD && dd > 0) {
      best = t;
      bestD = dd;
    }
  }
  return best;
}

/**
 * Resources whose type looks like a misspelling of one Rolecall reads (or an AWS type that does not exist in a
 * service it reads) are listed as not imported, with their place.
 */
export function listUnknownTypes(acc: Acc, unit: TemplateUnit, entries: [string, Record<string, unknown>][]): void {
  const { file, parsed } = unit;
  for (const [id, r] of entries) {
    const type = String(r.Type);
    if (READ_TYPES.includes(type) || type.startsWith('AWS::Serverless::') || typeof r.Type !== 'string') continue;
    const guess = didYouMeanType(type);
    const service = /^AWS::(IAM|Cognito|S3|DynamoDB)::/i.exec(type);
    if (!guess && !(service && !KNOWN_OTHER.has(type))) continue;
    const pos = parsed.locate(['Resources', id, 'Type']);
    acc.report.notImported.push(
      diag(
        'template.unknown-type',
        `${id} is not imported: Rolecall does not read resources of type ${type}${guess ? ` (did you mean ${guess}?)` : ''}`,
        { file, path: ['Resources', id, 'Type'], range: toRange(pos), severity: 'warning' },
      ),
    );
  }
}

/** Where a nested stack's template is, for the "import it too" hint. */
function nestedTemplateHint(r: Record<string, unknown>): string {
  const meta = objOf(r.Metadata) as Record<string, unknown>;
  const asset = meta['aws:asset:path'];
  if (typeof asset === 'string') return asset;
  const url = objOf(r.Properties).TemplateURL as unknown;
  return typeof url === 'string' ? url : 'its TemplateURL';
}

/** What to do about the skipped resources: import the processed template (SAM), import the nested template too. */
function skippedHints(skipped: [string, Record<string, unknown>][]): string {
  const stacks = skipped.filter(([, r]) => r.Type === 'AWS::CloudFormation::Stack');
  return [
    skipped.some(([, r]) => String(r.Type).startsWith('AWS::Serverless::'))
      ? "SAM resources are only expanded by the transform: import the processed template (sam build / sam validate --debug, or the deployed stack's processed template)"
      : '',
    stacks.length > 0
      ? `a nested stack is a separate template: import it too (${stacks.map(([, r]) => nestedTemplateHint(r)).join(', ')})`
      : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/**
 * Resources that grant or hold access but that Rolecall cannot read from this template (SAM, nested stacks not
 * imported together, IAM users, groups and the like): one warning names them (the first ten) and what to do.
 */
export function listSkipped(acc: Acc, unit: TemplateUnit, entries: [string, Record<string, unknown>][]): void {
  const { file, parsed } = unit;
  const skipped = entries.filter(
    ([id, r]) =>
      typeof r.Type === 'string' &&
      (r.Type.startsWith('AWS::Serverless::') ||
        (r.Type === 'AWS::CloudFormation::Stack' && !unit.nestedImported.has(id)) ||
        (r.Type.startsWith('AWS::IAM::') && KNOWN_OTHER.has(r.Type))),
  );
  if (skipped.length === 0) return;
  const names =
    skipped
      .slice(0, 10)
      .map(([id, r]) => `${id} (${String(r.Type)})`)
      .join(', ') + (skipped.length > 10 ? `, and ${skipped.length - 10} more` : '');
  const hints = skippedHints(skipped);
  acc.report.warnings.push(
    diag('template.skipped', `not read: ${names}${hints ? ` — ${hints}` : ''}`, {
      file,
      path: ['Resources', skipped[0][0]],
      severity: 'warning',
      range: toRange(parsed.locate(['Resources', skipped[0][0]])),
    }),
  );
}
