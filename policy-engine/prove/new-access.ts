/**
 * "Does the after-version allow anything, for anyone, that the before-version did not?" (Access Analyzer's
 * CheckNoNewAccess, across identities). Per action and identity class, both versions are asked the prover's question
 * over every resource and request context:
 * - allowed after, proved impossible before: new access, proved, with the after-version's witness;
 * - allowed in both: the after-version's witness is evaluated in the before-version; if it is not allowed there, it is
 *   new access (a concrete request that shows it). Otherwise one search asks for a request the after-version allows
 *   and the before-version refuses, for the same identity (proveGained: the before-version's Allow combinations
 *   must all fail or one of its Denies match) — a witness re-checked in both, or a proof that this pair gains
 *   nothing. Where that search cannot be made (the two versions give the identity different sessions) or does not
 *   decide, the pair is only compared by witness, and the answer says so (`complete: false` with the pairs named and
 *   why) — never a silent "no new access".
 * Cross-user isolation (another identity's per-user data) is checked separately by checkIsolation, in the diff.
 */
import type { PreparedWorkspace } from '../evaluate/prepare';
import { evaluateRequest } from '../evaluate-request';
import { prove, proveClasses, proveGained, type Witness } from './prove';
import type { StringMemo } from './glob';

/** One new way in. */
export interface NewAccess {
  action: string;
  classKey: string;
  who: string;
  /** True when the before-version was proved to allow this class nothing for the action. */
  proved: boolean;
  /** How it was found: the after-version's witness refused by the before-version, or the search for such a request. */
  found: 'witness' | 'search';
  witness: Witness;
  /** What the before-version answers to the same request. */
  before: string;
}

/** The answer of checkNoNewAccess. */
export interface NewAccessResult {
  newAccess: NewAccess[];
  /** True when every (action, class) pair was decided: no new access beyond `newAccess`. */
  complete: boolean;
  /** Pairs allowed in both versions that the search could not decide (compared by witness only), and why. */
  comparedByWitness: { action: string; who: string; why: string }[];
  /** Pairs allowed in both versions proved to gain nothing: every request the after-version allows, before did. */
  provedNoGain: { action: string; who: string }[];
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
  const out: NewAccessResult = {
    newAccess: [],
    complete: true,
    comparedByWitness: [],
    provedNoGain: [],
    undecided: [],
    actionsAsked: 0,
  };
  const classes = new Map(proveClasses(after, opts.now).map((c) => [c.key, c] as const));
  const memo: StringMemo = new Map();
  const classFilter = (c: { kind: string }) => c.kind !== 'role' && c.kind !== 'user';
  for (const [i, action] of actions.entries()) {
    if (opts.shouldStop?.()) {
      out.complete = false;
      out.undecided.push({ action, who: 'everyone', why: 'not reached before the time limit' });
      continue;
    }
    const q = { action, resource: '*', classFilter };
    // String answers depend on the literals only, so both versions' questions share them.
    const o = { now: opts.now, maxWitnesses: 1000, memo, ...(opts.shouldStop ? { shouldStop: opts.shouldStop } : {}) };
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
          found: 'witness',
          witness: w,
          before: answer.decision,
        });
        continue;
      }
      const c = classes.get(w.classKey);
      const g = c
        ? proveGained(before, after, c, action, {
            now: opts.now,
            memo,
            ...(opts.shouldStop ? { shouldStop: opts.shouldStop } : {}),
          })
        : ({ kind: 'undecided', why: 'the identity class is not an identity-pool class' } as const);
      if (g.kind === 'gained')
        out.newAccess.push({
          action,
          classKey: w.classKey,
          who: w.who,
          proved: false,
          found: 'search',
          witness: g.witness,
          before: g.before,
        });
      else if (g.kind === 'none') out.provedNoGain.push({ action, who: w.who });
      else {
        out.complete = false;
        out.comparedByWitness.push({ action, who: w.who, why: g.why });
      }
    }
    opts.onProgress?.(i + 1, actions.length);
  }
  return out;
}
