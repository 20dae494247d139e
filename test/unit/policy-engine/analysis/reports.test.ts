import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import Ajv from 'ajv';
import { auditWorkspace, FINDING_RULES } from '../../../../policy-engine/analysis/findings/index';
import type { Finding } from '../../../../policy-engine/analysis/findings/types';
import {
  findingsToCsv,
  findingsToHtml,
  findingsToMarkdown,
  findingsToSarif,
  matrixToCsv,
  csvField,
} from '../../../../policy-engine/analysis/reports/index';
import { NOW, auditFixtures, loadFixture, prepareInline } from './helpers';

/** The SARIF 2.1.0 subset schema (the official schema is not available offline; see the file's description). */
function sarifValidator() {
  const schema = JSON.parse(readFileSync(join(auditFixtures, 'sarif-2.1.0-subset.schema.json'), 'utf8'));
  const ajv = new Ajv({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true });
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:[^\s]*$/i);
  ajv.addFormat('uri-reference', /^[^\s]*$/);
  return ajv.compile(schema);
}

describe('findingsToSarif (SARIF 2.1.0, https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html)', () => {
  const { text, pw } = loadFixture('misconfigured.rolecall.json');
  const { findings } = auditWorkspace(pw, { now: NOW });
  const log = findingsToSarif(findings, {
    workspaceFile: 'test/fixtures/audit/misconfigured.rolecall.json',
    workspaceText: text,
  });
  const run = log.runs[0] as {
    tool: { driver: { rules: { id: string; defaultConfiguration: { level: string } }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      locations: {
        physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn: number } };
        logicalLocations: { fullyQualifiedName: string }[];
      }[];
    }[];
  };

  it('validates against the SARIF 2.1.0 schema subset', () => {
    const validate = sarifValidator();
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema subset rejects what it should (so the check above can fail)', () => {
    const validate = sarifValidator();
    expect(validate({ version: '2.0.0', runs: [] })).toBe(false);
    expect(
      validate({
        version: '2.1.0',
        runs: [{ tool: { driver: { name: 'x' } }, results: [{ level: 'fatal', message: { text: 'x' } }] }],
      }),
    ).toBe(false);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(
      validate({
        version: '2.1.0',
        runs: [
          {
            tool: { driver: { name: 'x' } },
            results: [
              {
                message: { text: 'x' },
                locations: [{ physicalLocation: { artifactLocation: { uri: 'a' }, region: { startLine: 0 } } }],
              },
            ],
          },
        ],
      }),
    ).toBe(false);
  });

  it('lists every rule with its default level, and points each result at its rule', () => {
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(FINDING_RULES.map((r) => r.id));
    for (const r of run.results) {
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(['error', 'warning', 'note']).toContain(r.level);
    }
    expect(run.results).toHaveLength(findings.length);
  });

  it('points into the workspace file at the statement, with the ARN as logical location', () => {
    const tree = parseTree(text)!;
    const lines = text.split('\n');
    for (const [i, f] of findings.entries()) {
      const loc = run.results[i].locations[0];
      expect(loc.physicalLocation.artifactLocation.uri).toBe('test/fixtures/audit/misconfigured.rolecall.json');
      const node = findNodeAtLocation(tree, f.location.workspacePath!)!;
      expect(node, f.ruleId).toBeDefined();
      const before = text.slice(0, node.offset).split('\n');
      expect(loc.physicalLocation.region, f.ruleId).toEqual({
        startLine: before.length,
        startColumn: before[before.length - 1].length + 1,
      });
      expect(lines[loc.physicalLocation.region!.startLine - 1].length).toBeGreaterThan(0);
      expect(loc.logicalLocations[0].fullyQualifiedName).toContain(
        f.location.arn ?? f.location.resourceArn ?? f.location.identityPoolId!,
      );
    }
  });

  it('points into the source template when workspace.sources knows where the entity came from', () => {
    const arn = 'arn:aws:iam::123456789012:role/LegacyReporting';
    const withSources = loadFixture('misconfigured.rolecall.json');
    withSources.pw.workspace.sources = {
      [arn]: { file: 'infra/template.yaml', line: 42, column: 3, logicalId: 'LegacyReportingRole' },
    };
    const r = auditWorkspace(withSources.pw, { now: NOW, rules: ['trust-missing-aud'] });
    expect(r.findings[0].location.file).toBe('infra/template.yaml');
    const sarif = findingsToSarif(r.findings, { workspaceFile: 'w.json', workspaceText: withSources.text });
    const loc = (sarif.runs[0] as typeof run).results[0].locations[0].physicalLocation;
    // Relative to the repository root (%SRCROOT%), as GitHub code scanning resolves it.
    expect(loc).toEqual({
      artifactLocation: { uri: 'infra/template.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 42, startColumn: 3 },
    });
  });
});

const hostile: Finding = {
  ruleId: 'public-resource-policy',
  severity: 'high',
  title: 'Resource policy open to <everyone>',
  message: 'Bucket "x" <script>alert(1)</script> & friends, =cmd|calc',
  fix: '=HYPERLINK("http://evil")',
  location: {
    kind: 'resourcePolicy',
    resourceArn: 'arn:aws:s3:::x',
    policyId: 'arn:aws:s3:::x#resource',
    statementIndex: 0,
    start: { line: 4, column: 5 },
  },
};

describe('text reports', () => {
  it('HTML is self-contained and escapes everything', () => {
    const html = findingsToHtml([hostile], { title: 'Audit <of> "prod"' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Audit &lt;of&gt; &quot;prod&quot;');
    expect(html).not.toMatch(/<(link|img|iframe|script)\b/i);
    expect(html).not.toMatch(/(src|href)=/i);
    expect(html).toContain("default-src 'none'");
  });

  it('Markdown lists the summary and each finding with fix and location, escaping markup', () => {
    const mdText = findingsToMarkdown([hostile]);
    expect(mdText).toContain('| 1 | 0 | 0 |');
    expect(mdText).toContain('`public-resource-policy`');
    expect(mdText).not.toContain('<script>');
    expect(mdText).toContain('statement 0 \\(line 4, column 5 of the policy\\)');
    expect(findingsToMarkdown([])).toContain('No findings.');
  });

  it('CSV quotes fields and neutralises spreadsheet formulas', () => {
    const csv = findingsToCsv([hostile]);
    const [header, row] = csv.trim().split('\n');
    expect(header.split(',')).toContain('ruleId');
    expect(row).toContain('"Bucket ""x"" <script>alert(1)</script> & friends, =cmd|calc"');
    expect(row).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('plain')).toBe('plain');
  });

  it('matrixToCsv writes one row per cell', () => {
    const csv = matrixToCsv({
      actions: ['s3:GetObject', 's3:PutObject'],
      resources: ['arn:aws:s3:::b/*'],
      principals: [
        {
          principal: 'arn:aws:iam::1:role/R',
          roleArn: 'arn:aws:iam::1:role/R',
          decisions: [['allowed'], ['implicitDeny']],
        },
      ],
    });
    expect(csv.trim().split('\n')).toEqual([
      'subject,roleArn,action,resource,decision,viaChain,chainsLeavingWorkspace',
      'arn:aws:iam::1:role/R,arn:aws:iam::1:role/R,s3:GetObject,arn:aws:s3:::b/*,allowed,,',
      'arn:aws:iam::1:role/R,arn:aws:iam::1:role/R,s3:PutObject,arn:aws:s3:::b/*,implicitDeny,,',
    ]);
  });
});

describe('SARIF fields GitHub code scanning requires (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning)', () => {
  it('every result has ruleId, message.text, a relative uri, region.startLine and a fingerprint; rules carry security-severity', () => {
    const { pw, text } = loadFixture('misconfigured.rolecall.json');
    const r = auditWorkspace(pw, { now: NOW });
    const sarif = findingsToSarif(r.findings, { workspaceFile: 'infra/app.rolecall.json', workspaceText: text });
    const run0 = sarif.runs[0] as {
      tool: { driver: { name: string; rules: { id: string; properties: Record<string, unknown> }[] } };
      results: {
        ruleId: string;
        message: { text: string };
        partialFingerprints: Record<string, string>;
        locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
      }[];
    };
    expect(run0.tool.driver.name).toBe('Rolecall');
    for (const rule of run0.tool.driver.rules) {
      expect(Number(rule.properties['security-severity'])).toBeGreaterThan(0);
      expect(rule.properties.tags).toContain('security');
    }
    const ids = new Set(run0.tool.driver.rules.map((x) => x.id));
    expect(run0.results.length).toBeGreaterThan(0);
    for (const res of run0.results) {
      expect(ids.has(res.ruleId)).toBe(true);
      expect(res.message.text.length).toBeGreaterThan(20);
      const loc = res.locations[0].physicalLocation;
      expect(loc.artifactLocation.uri).toBe('infra/app.rolecall.json');
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
      expect(Object.values(res.partialFingerprints)[0]).toContain(res.ruleId);
    }
  });

  it('an absolute workspace path becomes a file: URI, never a bare absolute path', () => {
    const { pw } = loadFixture('misconfigured.rolecall.json');
    const r = auditWorkspace(pw, { now: NOW, rules: ['trust-missing-aud'] });
    const sarif = findingsToSarif(r.findings, { workspaceFile: '/ci/work/app.rolecall.json' });
    const uri = (
      sarif.runs[0] as { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }
    ).results[0].locations[0].physicalLocation.artifactLocation.uri;
    expect(uri).toBe('file:///ci/work/app.rolecall.json');
  });

  it('a bucket policy finding points at the AWS::S3::BucketPolicy resource (sources["policy:ARN"]), not the bucket', () => {
    const pwx = prepareInline({
      region: 'eu-west-1',
      accountId: '111122223333',
      resourcePolicies: [
        {
          resourceArn: 'arn:aws:s3:::b',
          policy: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
          },
        },
      ],
      sources: {
        'arn:aws:s3:::b': { file: 't.yaml', line: 3, logicalId: 'B' },
        'policy:arn:aws:s3:::b': { file: 't.yaml', line: 9, logicalId: 'BPolicy' },
      },
    });
    const [f] = auditWorkspace(pwx, { now: NOW, rules: ['public-resource-policy'] }).findings;
    expect(f.location.source).toMatchObject({ line: 9, logicalId: 'BPolicy' });
  });
});
