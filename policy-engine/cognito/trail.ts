/**
 * What one identity's resolution gathers as it goes: the steps shown to the user, the notes, and the assumptions
 * made (each Cognito step adds to it), and how it ends: with an answer, or refused with Cognito's error.
 */
import type { AwsError, Resolution, ResolutionStep } from '../model/request';
import type { WorkspaceSettings } from '../model/workspace';
import type { IdentityResolution } from './identity-resolution';
import { AssumptionSet } from './assumptions';

/** The parts of an answer the resolution fills in itself (the rest comes from the trail). */
export type ResolutionParts = Partial<IdentityResolution> & {
  resolution: Resolution;
  identityId: string;
  claims: Record<string, unknown>;
};

/** The trace, notes and assumptions of one resolution. */
export class Trail {
  readonly assumptions = new AssumptionSet();
  readonly notes: string[] = [];
  readonly steps: ResolutionStep[] = [];

  constructor(private readonly settings: WorkspaceSettings | undefined) {}

  /** Records one step of the trace. */
  step(kind: ResolutionStep['kind'], status: ResolutionStep['status'], message: string): void {
    this.steps.push({ kind, status, message });
  }

  /** Records a note for the user. */
  note(text: string): void {
    this.notes.push(text);
  }

  /** Takes in what a check reported: its steps and notes. */
  add(report: { steps?: ResolutionStep[]; notes?: string[] }): void {
    if (report.steps) this.steps.push(...report.steps);
    if (report.notes) this.notes.push(...report.notes);
  }

  /** The answer: no role and no session unless given, with the assumptions and notes gathered. */
  finish(parts: ResolutionParts): IdentityResolution {
    return {
      roleArn: null,
      principal: null,
      ...parts,
      assumptions: this.assumptions.toAssumptions(this.settings),
      notes: [...this.notes, ...(parts.notes ?? [])],
    };
  }

  /** Cognito refuses the identity before any role is chosen (or STS asked). */
  refuse(error: AwsError, identityId: string, claims: Record<string, unknown>): IdentityResolution {
    return this.finish({
      resolution: {
        outcome: 'denied',
        source: null,
        trust: 'notEvaluated',
        error,
        trace: this.steps,
        mappingKey: null,
      },
      identityId,
      claims,
    });
  }
}
