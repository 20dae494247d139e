import { helper } from './tmp-helper';
import type { Workspace } from '../policy-engine/model/workspace';
const w: Partial<Workspace> = { format: 'rolecall-workspace' };
console.log(helper(), w.format, import.meta.url ? 'meta' : '');
