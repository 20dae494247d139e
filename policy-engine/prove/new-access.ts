/**
 * "Does the after-version allow anything, for anyone, that the before-version did not?" (Access Analyzer's
 * CheckNoNewAccess, across identities). Per action and identity class, both versions are asked the prover's question
 * over every resource and request context:
 * - allowed after, proved impossible before: new access, proved, with the after-version's witness;
 * - allowed in both: the after-version's witness is evaluated in the before-version; if it is not allowed there, it is
 *   new access (a concrete request that shows it). Otherwise this pair is only compared by witness, and the answer
 *   says so (`complete: false` with the pairs named) — never a silent "no new access".
 * Cross-user isolation (another identity's per-user data) is checked separately by checkIsolation, in the diff.
 */
import type { PreparedWorkspace } from '../evaluate/prepare';
import { evaluateRequest } from '../evaluate-request';
import { prove, type Witness } from './prove';

/** One new way in. */
export interface NewAccess {
  action: string;
  classKey: string;
  who: string;
  /** True when the before-version was proved to allow this class nothing for the action. */
  proved: boolean;
  witness: Witness;
  /** What the before-version answers to the same request. */
  before: string;
}

/** The answer of checkNoNewAccess. */
export interface NewAccessResult {
  newAccess: NewAccess[];
  /** True when every (action, class) pair was decided: no new access beyond `newAccess`. */
  complete: boolean;
  /** Pairs allowed in both versions whose witness the before-version also allows (compared by witness only). */
  comparedByWitness: { action: string; who: string }[];
  undecided: { action: string; who: string; why: string }[];
  actionsAsked: number;
}

/** Compares the two versions over the given actions. */
export function checkNoNewAccess(
  before: PreparedWorkspace,
  after: PreparedWorkspace,
  actions: string[],
  opts: { now: Date; shouldStop?: () => boolean; onProgress?: (done: number, total: number) => void },
): NewAccessResult {
  const out: NewAccessResult = { newAccess: [], complete: true, comparedByWitness: [], undecided: [], actionsAsked: 0 };
  const classFilter = (c: { kind: string }) => c.kind !== 'role' && c.kind !== 'user';
  for (const [i, action] of actions.entries()) {
    if (opts.shouldStop?.()) {
      out.complete = false;
      out.undecided.push({ action, who: 'everyone', why: 'not reached before the time limit' });
      continue;
    }
    const q = { action, resource: '*', classFilter };
    const o = { now: opts.now, maxWitnesses: 1000, ...(opts.shouldStop ? { shouldStop: opts.shouldStop } : {}) };
    const a = prove(after, q, o);
    out.actionsAsked++;
    if (!a.possible) {
      if (!a.complete) {
        out.complete = false;
        for (const u of a.undecided) out.undecided.push({ action, who: u.who, why: u.why });
      }
      continue;
    }
    const b = prove(before, q, o);
    const beforeOutcome = new Map(b.classes.map((c) => [c.classKey, c.outcome] as const));
    for (const w of a.witnesses) {
      const prior = beforeOutcome.get(w.classKey);
      const answer = evaluateRequest(before, w.request, { now: opts.now });
      if (answer.decision !== 'allowed') {
        out.newAccess.push({
          action,
          classKey: w.classKey,
          who: w.who,
          proved: prior !== 'allowed' && prior !== 'undecided' && prior !== 'notReached',
          witness: w,
          before: answer.decision,
        });
      } else {
        out.complete = false;
        out.comparedByWitness.push({ action, who: w.who });
      }
    }
    opts.onProgress?.(i + 1, actions.length);
  }
  return out;
}
