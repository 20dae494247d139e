/**
 * Runs Doyensec's Electronegativity over the Electron sources and the renderer's HTML, and fails on any finding that
 * is not in `.ci/electronegativity-reviewed.json` (each reviewed entry says why it is a false positive or accepted).
 * The tool itself exits 0 even with HIGH findings, so its SARIF report is read here.
 * `--source DIR` scans the electron/ and renderer/ folders of another copy of the sources (the scan's own test plants
 * an unsafe setting in a temporary copy: test/unit/repo/electron-security-scan.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname ?? __dirname, '..');
const sourceArg = process.argv.indexOf('--source');
const source = sourceArg > 0 && process.argv[sourceArg + 1] ? resolve(process.argv[sourceArg + 1]) : root;
const work = mkdtempSync(join(tmpdir(), 'rolecall-eneg-'));
const input = join(work, 'app');
// Everything of the main process (electron/aws/ included) and the HTML the app loads: the built page when it exists
// (what ships), the source page as well.
cpSync(join(source, 'electron'), input, { recursive: true });
cpSync(join(source, 'renderer', 'index.html'), join(input, 'index.html'));
const built = join(source, 'out', 'renderer', 'index.html');
if (existsSync(built)) cpSync(built, join(input, 'built-index.html'));
const report = join(work, 'report.sarif');
const bin = join(root, 'node_modules', '.bin', 'electronegativity');
// The Electron version checked is the installed one, pinned here; the check that downloads Electron's release list
// (AvailableSecurityFixesGlobalCheck) is skipped, and the tool runs under scripts/offline.cjs, which refuses the
// translation download it makes on every run: the scan never goes on the network.
const electronVersion = (
  JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;
const run = spawnSync(
  bin,
  ['-i', input, '-e', electronVersion, '-x', 'AvailableSecurityFixesGlobalCheck', '-r', '-o', report],
  {
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      ...process.env,
      AWS_EC2_METADATA_DISABLED: 'true',
      NODE_OPTIONS:
        `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(join(root, 'scripts', 'offline.cjs'))}`.trim(),
    },
  },
);
if (run.status !== 0) {
  rmSync(work, { recursive: true, force: true });
  process.stderr.write(`electronegativity failed to run (exit ${run.status}): ${run.stderr || run.error}\n`);
  process.exit(1);
}

const reviewed: { check: string; file: string }[] = JSON.parse(
  readFileSync(join(root, '.ci', 'electronegativity-reviewed.json'), 'utf8'),
).reviewed;
interface SarifResult {
  ruleId: string;
  level?: string;
  locations?: { physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }[];
}
const results: SarifResult[] = JSON.parse(readFileSync(report, 'utf8')).runs?.[0]?.results ?? [];
rmSync(work, { recursive: true, force: true });
const unexpected: string[] = [];
for (const r of results) {
  const loc = r.locations?.[0]?.physicalLocation;
  const file = (loc?.artifactLocation?.uri ?? 'N/A').split('/').pop()!;
  if (!reviewed.some((x) => x.check === r.ruleId && x.file === file))
    unexpected.push(`${r.level ?? ''} ${r.ruleId} at ${file}:${loc?.region?.startLine ?? 0}`);
}
if (unexpected.length > 0) {
  process.stderr.write(
    `Electronegativity (Electron ${electronVersion}, offline) found ${unexpected.length} unreviewed problem(s):\n${unexpected.map((u) => `  ${u}`).join('\n')}\n`,
  );
  process.exit(1);
}
process.stdout.write(
  `electronegativity (Electron ${electronVersion}, offline): ${results.length} finding(s), all reviewed in .ci/electronegativity-reviewed.json\n`,
);
