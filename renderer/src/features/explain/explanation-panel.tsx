/**
 * Journey 4 — one decision explained: the verdict in a sentence, what each policy type said, the determining
 * statements opened in the policy's editor with their lines highlighted, each condition with the values compared,
 * missing context keys with fields to supply them and re-run, and AWS's AccessDenied wording to copy. Every line it
 * cites is a line of the user's file: the workspace file opened, or the template / plan / export an import read.
 */
import { useMemo, useState } from 'react';
import type { Answer } from '../../../../policy-engine/model/index';
import type { PolicyView } from '../../engine/protocol';
import { PolicyViewer, type Highlight } from '../editor/policy-viewer';
import { linesLabel } from '../editor/file-lines';
import { parseAccessDenied } from '../debug/access-denied';
import { POLICY_TYPE_NAMES, policyName } from './policy-names';
import { StatementList, type EditPolicy } from './statement-list';
import {
  AdviceBlock,
  DeniedMessage,
  KmsStep,
  MissingKeysForm,
  NotesList,
  PolicyTypesTable,
  SkippedList,
  VerdictHeader,
} from './explanation-parts';
import { RequestInputsForm } from './request-inputs-form';
import type { RequestInputs } from './request-inputs';

export { POLICY_TYPE_NAMES, policyName, verdictSentence } from './policy-names';

/** Props of ExplanationPanel. */
export interface ExplanationPanelProps {
  answer: Answer | null;
  busy: boolean;
  policies: PolicyView[];
  theme: 'light' | 'dark';
  extraContext: Record<string, string>;
  onContextChange(key: string, value: string): void;
  onRerun(): void;
  /** The S3 request inputs (operation, objectKmsKeyArn) and their change (re-runs at once); absent: not offered. */
  requestInputs?: RequestInputs;
  onRequestInput?(patch: Partial<RequestInputs>): void;
  /** Opens a policy in the editor at a file line (and column, exact inside a JSON string). */
  onEditPolicy: EditPolicy;
  onClose?(): void;
  /** Opens the Settings view at the setting an assumption names. */
  onOpenSetting?(id: string): void;
}

/** The policy the explanation shows, with the statements that decided (or were considered) highlighted. */
function useShownPolicy(answer: Answer | null, policies: PolicyView[]) {
  const byId = useMemo(() => new Map(policies.map((p) => [p.policyId, p])), [policies]);
  const [chosen, setChosen] = useState<string | null>(null);
  const determining = answer?.matchedStatements ?? [];
  const considered = answer?.statements ?? [];
  // For an implicit deny, the policy type whose allow is missing (as AWS names it) is the one to look at.
  const missingType =
    answer?.decision === 'implicitDeny' && answer.message
      ? ((m) => (m.ok ? m.value.policyType : null))(parseAccessDenied(answer.message))
      : null;
  const missingPolicies = missingType
    ? [...new Set(considered.filter((s) => s.policyType === missingType).map((s) => s.policyId))]
    : [];
  const defaultPolicy =
    determining[0]?.policyId ??
    missingPolicies[0] ??
    considered.find((s) => s.actionMatched)?.policyId ??
    considered[0]?.policyId ??
    null;
  const shownId =
    chosen && (determining.some((m) => m.policyId === chosen) || considered.some((s) => s.policyId === chosen))
      ? chosen
      : defaultPolicy;
  const policyIds = [
    ...new Set([
      ...determining.map((m) => m.policyId),
      ...considered.filter((s) => s.actionMatched).map((s) => s.policyId),
      ...missingPolicies,
    ]),
  ];
  return { shownId, shown: shownId ? byId.get(shownId) : undefined, policyIds, setChosen };
}

/** The highlighted ranges of one policy: determining statements first, then the ones that name the action. */
function highlightsOf(answer: Answer, policyId: string | null): Highlight[] {
  if (!policyId) return [];
  const determining = answer.matchedStatements;
  const considered = answer.statements ?? [];
  const out: Highlight[] = [];
  for (const s of considered.filter((x) => x.policyId === policyId)) {
    const isDet = determining.some((m) => m.policyId === s.policyId && m.statementIndex === s.statementIndex);
    if (!isDet && !s.actionMatched) continue;
    out.push({
      range: { start: s.start, end: s.end },
      tone: isDet ? (s.effect === 'Deny' ? 'deny' : 'allow') : 'info',
      message: isDet ? `Determining: ${s.effect}` : (s.reason ?? ''),
    });
  }
  for (const m of determining.filter(
    (x) =>
      x.policyId === policyId &&
      !considered.some((s) => s.policyId === x.policyId && s.statementIndex === x.statementIndex),
  ))
    out.push({ range: { start: m.start, end: m.end }, tone: m.effect === 'Deny' ? 'deny' : 'allow' });
  return out.sort((a, b) => (a.tone === 'info' ? 1 : 0) - (b.tone === 'info' ? 1 : 0));
}

/** The shown policy, read-only, with where its lines come from. */
function ShownPolicy({
  shown,
  highlights,
  theme,
  onEditPolicy,
}: {
  shown: PolicyView | undefined;
  highlights: Highlight[];
  theme: 'light' | 'dark';
  onEditPolicy: EditPolicy;
}) {
  if (!shown) return <p className="empty-state">No policy to show.</p>;
  /** Where the shown text's lines are in the user's file (the answer's positions are file positions then). */
  const inFile = shown.evaluated ? shown.evaluated.inFile : shown.inFile;
  const first = highlights[0]?.range.start;
  return (
    <>
      <div className="source-head">
        <span>{policyName(shown.policyId)}</span>
        <span className="muted">{POLICY_TYPE_NAMES[shown.policyType]}</span>
        {shown.evaluated && (
          <span
            className="badge badge-warn"
            title="The edited text is not a valid policy; AWS would reject it, so its last valid version (shown here) decided."
          >
            last valid version
          </span>
        )}
        <button
          type="button"
          className="link-button"
          onClick={() => onEditPolicy(shown.policyId, first?.line ?? 1, first?.column)}
        >
          Edit this policy
        </button>
        {inFile?.ownLines && (
          <span className="muted small" data-testid="explain-lines-of">
            {linesLabel(inFile, 'file')}
          </span>
        )}
      </div>
      <PolicyViewer
        policyId={shown.policyId}
        variant="explain"
        text={shown.evaluated?.text ?? shown.text}
        diagnostics={shown.evaluated?.diagnostics ?? shown.diagnostics}
        {...(inFile ? { inFile } : {})}
        highlights={highlights}
        readOnly
        theme={theme}
        label={`${policyName(shown.policyId)} with the deciding statements highlighted`}
      />
    </>
  );
}

/** The explanation. */
export function ExplanationPanel({
  answer,
  busy,
  policies,
  theme,
  extraContext,
  onContextChange,
  onRerun,
  requestInputs,
  onRequestInput,
  onEditPolicy,
  onClose,
  onOpenSetting,
}: ExplanationPanelProps) {
  const { shownId, shown, policyIds, setChosen } = useShownPolicy(answer, policies);
  if (!answer)
    return (
      <p className="empty-state">
        {busy ? 'Explaining…' : 'Click a cell of the matrix (or press Enter on it) to see why.'}
      </p>
    );
  return (
    <section className="explanation" aria-label="Explanation">
      <VerdictHeader answer={answer} extraContext={extraContext} {...(onClose ? { onClose } : {})} />
      <PolicyTypesTable answer={answer} />
      <MissingKeysForm
        missing={answer.missingContextKeys}
        extraContext={extraContext}
        onContextChange={onContextChange}
        onRerun={onRerun}
      />
      {requestInputs && onRequestInput && (
        <RequestInputsForm action={answer.action ?? ''} inputs={requestInputs} onChange={onRequestInput} />
      )}
      {answer.advice && <AdviceBlock advice={answer.advice} onEditPolicy={onEditPolicy} />}
      <DeniedMessage message={answer.message} />
      <div className="explain-split">
        <div className="statement-source">
          <ShownPolicy
            shown={shown}
            highlights={highlightsOf(answer, shownId)}
            theme={theme}
            onEditPolicy={onEditPolicy}
          />
        </div>
        <StatementList
          answer={answer}
          policyIds={policyIds}
          shownId={shownId}
          onShow={setChosen}
          onEditPolicy={onEditPolicy}
        />
      </div>
      <KmsStep answer={answer} />
      <SkippedList answer={answer} />
      <NotesList answer={answer} {...(onOpenSetting ? { onOpenSetting } : {})} />
    </section>
  );
}
