import { readFileSync, readdirSync } from 'node:fs';
import { importFiles, detectKind } from '../../../../policy-engine/workspace/import';
const dir = 'test/fixtures/import/';
const names = [...readdirSync(dir).filter(f => f.endsWith('.json') || f.endsWith('.yaml')), 'cdk.out/AppStack.template.json'];
for (const n of names) console.log(n, detectKind(n, readFileSync(dir + n, 'utf8')));
const pick = (ns: string[]) => ns.map(n => ({ name: n, text: readFileSync(dir + n, 'utf8') }));
const r = importFiles(pick(process.argv.slice(2)), { accountId: '123456789012', region: 'us-east-1', parameters: { UserPoolId: 'us-east-1_AbCdEf123' } });
console.log(JSON.stringify(r.report, null, 1));
console.log(JSON.stringify(r.workspace, null, 1).slice(0, 6000));
