/**
 * The engine's front doors (DESIGN.md "The shape"): every room of policy-engine/ has an index.ts that is its public
 * surface, and code outside the engine (cli/, electron/, renderer/, scripts/) imports only policy-engine/index or a
 * room's index. eslint.config.js enforces the second rule while editing; this test keeps it true for the tree.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../../..');
const engine = join(root, 'policy-engine');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx|mts)$/.test(name)) out.push(path);
  }
  return out;
}

/** Every module specifier that names a path inside policy-engine/, as written (import, export … from, import()). */
function engineSpecifiers(text: string): string[] {
  const found: string[] = [];
  const re = /(?:from\s+|import\s*\(\s*|import\s+)'([^']*policy-engine\/[^']*)'/g;
  for (let m = re.exec(text); m; m = re.exec(text)) found.push(m[1]);
  return found;
}

const frontDoor = /(^|\/)policy-engine\/(?:[a-z-]+\/)?index$/;

describe('policy-engine front doors', () => {
  it('every room of policy-engine/ has an index.ts', () => {
    const rooms = readdirSync(engine).filter((n) => statSync(join(engine, n)).isDirectory());
    expect(rooms.length).toBeGreaterThan(5);
    expect(rooms.filter((room) => !existsSync(join(engine, room, 'index.ts')))).toEqual([]);
    expect(existsSync(join(engine, 'index.ts'))).toBe(true);
  });

  it('cli/, electron/, renderer/ and scripts/ import the engine only through index files', () => {
    const deep: string[] = [];
    let seen = 0;
    for (const dir of ['cli', 'electron', 'renderer', 'scripts']) {
      for (const file of sourceFiles(join(root, dir))) {
        for (const spec of engineSpecifiers(readFileSync(file, 'utf8'))) {
          seen++;
          if (!frontDoor.test(spec)) deep.push(`${relative(root, file)}: ${spec}`);
        }
      }
    }
    expect(seen).toBeGreaterThan(20);
    expect(deep).toEqual([]);
  });

  it('the front-door pattern tells a room index from a deep module', () => {
    expect(frontDoor.test('../../policy-engine/model/index')).toBe(true);
    expect(frontDoor.test('../policy-engine/index')).toBe(true);
    expect(frontDoor.test('../policy-engine/model/workspace')).toBe(false);
    expect(frontDoor.test('../policy-engine/analysis/reports/index')).toBe(false);
    expect(frontDoor.test('../policy-engine/json-text')).toBe(false);
  });
});
