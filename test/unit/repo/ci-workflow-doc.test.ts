/**
 * docs/ci-github-actions.md stays true: its workflow is valid YAML, and every `rolecall` command it runs is one the CLI
 * accepts with the options and formats it uses (checked against each command's own --help).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { main } from '../../../cli/rolecall';

const root = resolve(__dirname, '../../..');
const doc = readFileSync(resolve(root, 'docs/ci-github-actions.md'), 'utf8');

async function help(command: string): Promise<string> {
  let out = '';
  const code = await main([command, '--help'], { stdout: (s) => (out += s), stderr: () => {}, cwd: root });
  expect(code).toBe(0);
  return out;
}

describe('docs/ci-github-actions.md', () => {
  const yamlBlock = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
  const workflow = parse(yamlBlock) as { jobs: Record<string, { steps: { run?: string; uses?: string }[] }> };
  const runs = Object.values(workflow.jobs)
    .flatMap((j) => j.steps)
    .flatMap((s) => (s.run ?? '').split('\n'))
    .map((l) => l.trim())
    .filter((l) => l.startsWith('rolecall '));

  it('has a workflow that runs rolecall test and audit and uploads JUnit and SARIF', () => {
    expect(runs.some((r) => r.startsWith('rolecall test ') && r.includes('--format junit'))).toBe(true);
    expect(runs.some((r) => r.startsWith('rolecall audit ') && r.includes('--format junit'))).toBe(true);
    expect(runs.some((r) => r.startsWith('rolecall audit ') && r.includes('--format sarif'))).toBe(true);
    const uses = Object.values(workflow.jobs).flatMap((j) => j.steps.map((s) => s.uses ?? ''));
    expect(uses.some((u) => u.startsWith('github/codeql-action/upload-sarif@'))).toBe(true);
  });

  it('uses only commands, options and formats the CLI has', async () => {
    expect(runs.length).toBeGreaterThan(0);
    for (const line of runs) {
      const words = line.split(/\s+/);
      const h = await help(words[1]);
      for (const flag of words.filter((w) => w.startsWith('--'))) expect(h, `${line}: ${flag}`).toContain(flag);
      const format = words[words.indexOf('--format') + 1];
      if (words.includes('--format')) expect(h, `${line}: --format ${format}`).toMatch(new RegExp(`\\b${format}\\b`));
    }
    expect(await help('fetch')).toContain('--print-policy');
  });
});
