import { parseWorkspaceText } from './policy-engine/workspace/schema';
import { createEngineCore } from './renderer/src/engine/engine-core';
import { buildOutline } from './renderer/src/workspace/outline';
import { appWorkspace } from './test/bench/workspace';
const text = JSON.stringify(appWorkspace(6000), null, 2);
const T = (l: string, f: () => unknown) => { const t = performance.now(); const r = f(); console.log(l, (performance.now() - t).toFixed(0), 'ms'); return r; };
for (let k = 0; k < 2; k++) {
const parsed = T('parseWorkspaceText', () => parseWorkspaceText(text, 'x.json')) as any;
T('outline', () => buildOutline(parsed.value));
const core = createEngineCore();
const ws = parsed.value;
const sum = T('core.load', () => core.load(ws, true)) as any;
T('structuredClone summary', () => structuredClone(sum));
console.log('summary JSON MB', (JSON.stringify(sum).length / 1e6).toFixed(1), 'policies', sum.policies.length);
T('structuredClone ws', () => structuredClone(ws));
}
