/**
 * The S3 request inputs beside the missing-context form: the multipart operation (s3:PutObject only) and the key the
 * object is encrypted with. Each change re-runs the explanation at once (the KMS step follows them); a value the
 * engine's checks refuse is shown with their wording and left out of the request (request-inputs.ts).
 */
import { inputProblems, offeredInputs, type RequestInputs } from './request-inputs';

/** Props of RequestInputsForm. */
export interface RequestInputsFormProps {
  action: string;
  inputs: RequestInputs;
  onChange(patch: Partial<RequestInputs>): void;
}

/** The form (nothing when the action takes neither input). */
export function RequestInputsForm({ action, inputs, onChange }: RequestInputsFormProps) {
  const offered = offeredInputs(action, inputs);
  if (!offered.operations && !offered.objectKmsKeyArn) return null;
  const problems = inputProblems(action, inputs);
  return (
    <form className="missing-keys request-inputs" aria-label="S3 request inputs" onSubmit={(e) => e.preventDefault()}>
      <p>
        <strong>S3 request details</strong>{' '}
        <span className="muted">(they choose the KMS step when the object is encrypted with SSE-KMS)</span>
      </p>
      {offered.operations && (
        <div className="field inline">
          <label htmlFor="req-operation">
            <code>operation</code>
          </label>
          <select
            id="req-operation"
            value={inputs.operation}
            onChange={(e) => onChange({ operation: e.target.value })}
            aria-describedby={problems.operation ? 'req-operation-error' : undefined}
          >
            <option value="">PutObject (a single upload)</option>
            {offered.operations.map((op) => (
              <option key={op} value={op}>
                {op}
              </option>
            ))}
          </select>
          {problems.operation && (
            <span id="req-operation-error" className="field-error" role="alert">
              {problems.operation}
            </span>
          )}
        </div>
      )}
      {offered.objectKmsKeyArn && (
        <div className="field inline">
          <label htmlFor="req-object-key">
            <code>objectKmsKeyArn</code>
          </label>
          <input
            id="req-object-key"
            value={inputs.objectKmsKeyArn}
            onChange={(e) => onChange({ objectKmsKeyArn: e.target.value })}
            spellCheck={false}
            placeholder="the object's key (HeadObject's SSEKMSKeyId); blank: the bucket's default"
            aria-invalid={problems.objectKmsKeyArn ? true : undefined}
            aria-describedby={problems.objectKmsKeyArn ? 'req-object-key-error' : undefined}
          />
          {problems.objectKmsKeyArn && (
            <span id="req-object-key-error" className="field-error" role="alert">
              {problems.objectKmsKeyArn} — not applied until it is one.
            </span>
          )}
        </div>
      )}
    </form>
  );
}
