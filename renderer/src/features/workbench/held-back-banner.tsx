/**
 * The banner that says an edited policy is invalid (AWS would reject it with MalformedPolicyDocument, so it can never
 * take effect) and that every result — matrix, changes, findings, explanations — uses its last valid version.
 */
import type { HeldBackEdit } from '../../engine/protocol';
import { jumpTo, openJump, type OpenPolicyAt, type PolicyJump } from '../editor/jump';
import { policyName } from '../explain/explanation-panel';

/** The sentence for one held-back edit: "AppGuest › PublicRead has a JSON error at line 3, column 5 — …". */
export function heldBackMessage(edit: HeldBackEdit): string {
  const at = edit.error.range ? ` at line ${edit.error.range.start.line}, column ${edit.error.range.start.column}` : '';
  const what = edit.json
    ? `has a JSON error${at}`
    : `is not a valid policy${at} (${edit.error.message.replace(/\.$/, '')})`;
  return `${policyName(edit.policyId)} ${what} — results use its last valid version`;
}

/** Where "Go to line N" leads: the error's line and column in the edited text. */
export function heldBackJump(edit: HeldBackEdit): PolicyJump {
  return jumpTo(edit.policyId, edit.error.range?.start);
}

/** Props of HeldBackBanner. */
export interface HeldBackBannerProps {
  edits: HeldBackEdit[];
  /** Opens a policy at the error's line and column. */
  onOpen: OpenPolicyAt;
}

/** One alert line per invalid edited policy, each with a link to the place. */
export function HeldBackBanner({ edits, onOpen }: HeldBackBannerProps) {
  if (edits.length === 0) return null;
  return (
    <div className="banner error held-back" role="alert" aria-label="Invalid policy edits">
      <ul>
        {edits.map((e) => {
          const jump = heldBackJump(e);
          return (
            <li key={e.policyId}>
              <span aria-hidden="true">⚠</span> {heldBackMessage(e)}.{' '}
              <button type="button" className="link-button" onClick={() => openJump(onOpen, jump)}>
                Go to line {jump.line} of {policyName(e.policyId)}
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
