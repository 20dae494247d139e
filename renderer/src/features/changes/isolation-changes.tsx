/**
 * The cross-user isolation part of the Changes view: for each identity class, the per-user data (S3 prefixes, DynamoDB
 * partitions keyed by the identity id) that the edits let it reach although it belongs to another identity — with
 * the witness the engine re-checked: the caller's identity id, the owner's, and the request.
 */
import type { WorkspaceDiff } from '../../engine/protocol';

type IsolationChange = WorkspaceDiff['isolation']['broken'][number];

/** The isolation changes of a diff ([] when it has none, or comes from an engine without the check). */
export function isolationChanges(diff: WorkspaceDiff | null): {
  broken: IsolationChange[];
  restored: IsolationChange[];
} {
  return { broken: diff?.isolation?.broken ?? [], restored: diff?.isolation?.restored ?? [] };
}

const where = (c: IsolationChange) =>
  c.store.kind === 's3' ? c.store.pattern : `${c.store.container} (partition key = identity id)`;
const roleName = (arn: string | null) => (arn ? arn.slice(arn.lastIndexOf('/') + 1) : 'no role');

/** The section: nothing when isolation is unchanged. */
export function IsolationChanges({ diff }: { diff: WorkspaceDiff | null }) {
  const { broken, restored } = isolationChanges(diff);
  if (broken.length + restored.length === 0) return null;
  return (
    <section className="diff-class isolation-changes" aria-label="Cross-user isolation">
      {broken.length > 0 && (
        <>
          <h2>
            <span className="badge badge-allow">Isolation broken</span> Users can reach other users' data
          </h2>
          <ul aria-label="Isolation broken">
            {broken.map((c, i) => {
              const w = c.witness.request;
              return (
                <li key={i}>
                  <strong>{c.who}</strong> (role <code>{roleName(c.roleArn)}</code>) can now {c.access.join(' and ')}{' '}
                  data that belongs to another identity in <code>{where(c)}</code> ({c.actions.join(', ')}).
                  <div className="muted small">
                    Witness, re-checked by the engine: identity <code>{c.callerId}</code> — <code>{w.action}</code> on{' '}
                    <code>{w.resource}</code>
                    {w.context ? (
                      <>
                        {' '}
                        with <code>{JSON.stringify(w.context)}</code>
                      </>
                    ) : null}{' '}
                    — which belongs to <code>{c.ownerId}</code>: allowed.
                  </div>
                </li>
              );
            })}
          </ul>
        </>
      )}
      {restored.length > 0 && (
        <>
          <h3>Isolation restored</h3>
          <ul aria-label="Isolation restored">
            {restored.map((c, i) => (
              <li key={i}>
                {c.who} (role <code>{roleName(c.roleArn)}</code>) can no longer {c.access.join(' and ')} data of another
                identity in <code>{where(c)}</code>.
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
