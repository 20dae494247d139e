/**
 * Lists the functions of the product's source over a line limit, with the TypeScript compiler API (the tool the
 * long-functions test uses; also runnable by hand: `node bin/run-ts.cjs test/unit/structure/long-functions.ts`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** One function and its length in lines. */
export interface LongFunction {
  /** `file:name`, e.g. `policy-engine/workspace/import.ts:importTemplate`. */
  id: string;
  lines: number;
}

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules' || name === 'generated') continue;
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function nameOf(node: ts.Node): string | null {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name) return node.name.getText();
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && node.parent) {
    const p = node.parent;
    if (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p))
      return p.name.getText();
  }
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node)) return '(anonymous)';
  return null;
}

/** Functions (declarations, methods, named arrows) in `dirs` under `root` longer than `limit` lines. */
export function longFunctions(root: string, dirs: string[], limit: number): LongFunction[] {
  const out: LongFunction[] = [];
  for (const dir of dirs)
    for (const file of files(join(root, dir))) {
      const text = readFileSync(file, 'utf8');
      const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      const rel = relative(root, file).split('\\').join('/');
      const seen = new Map<string, number>();
      const visit = (node: ts.Node) => {
        const name = nameOf(node);
        if (name !== null) {
          const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
          const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
          const lines = end - start + 1;
          if (lines > limit) {
            const n = (seen.get(name) ?? 0) + 1;
            seen.set(name, n);
            out.push({ id: `${rel}:${name}${n > 1 ? `#${n}` : ''}`, lines });
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
  return out.sort((a, b) => b.lines - a.lines || a.id.localeCompare(b.id));
}

if (process.argv[1]?.endsWith('long-functions.ts'))
  for (const f of longFunctions(process.cwd(), ['policy-engine', 'cli', 'electron', 'renderer/src'], 80))
    console.log(`${f.lines}\t${f.id}`);
