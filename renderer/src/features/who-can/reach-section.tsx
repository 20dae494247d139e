/** Everything one identity class can reach (the Who-can view's lower part), as a compact list by resource. */
import { useEffect, useMemo, useState } from 'react';
import type { IdentityClass, Reach, WorkspaceSummary } from '../../engine/protocol';
import { shortResource } from '../matrix/matrix-model';
import { groupReach, kindName } from './who-can-model';

/** The identity classes of the workspace (reloaded when it changes) and the one picked, kept across reloads. */
function useIdentityClasses(summary: WorkspaceSummary, loadClasses: () => Promise<IdentityClass[]>) {
  const [classes, setClasses] = useState<IdentityClass[]>([]);
  const [key, setKey] = useState('');
  useEffect(() => {
    let live = true;
    void loadClasses().then((list) => {
      if (!live) return;
      setClasses(list);
      setKey((k) => (list.some((c) => c.key === k) ? k : (list[0]?.key ?? '')));
    });
    return () => {
      live = false;
    };
  }, [summary, loadClasses]);
  return { classes, key, setKey, chosen: classes.find((c) => c.key === key) };
}

/** What the chosen class reaches (an answer for a class picked since is dropped). */
function useReach(chosen: IdentityClass | undefined, reach: (c: IdentityClass) => Promise<Reach>) {
  const [result, setResult] = useState<{ key: string; reach: Reach } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!chosen) return;
    let live = true;
    setBusy(true);
    void reach(chosen).then((r) => {
      if (!live) return;
      setResult({ key: chosen.key, reach: r });
      setBusy(false);
    });
    return () => {
      live = false;
    };
  }, [chosen, reach]);
  return { result, busy };
}

/** The reach of a class: its role, how many actions, and the actions by resource. */
function ReachResult({
  reach,
  chosen,
  onOpenSetting,
}: {
  reach: Reach;
  chosen: IdentityClass | undefined;
  onOpenSetting(id: string): void;
}) {
  const groups = useMemo(() => groupReach(reach.cells), [reach]);
  return (
    <>
      {reach.error && <p className="field-error">{reach.error}</p>}
      <p className="hint">
        {reach.roleArn ? (
          <>
            As <code>{reach.roleArn}</code>:{' '}
          </>
        ) : null}
        {reach.cells.length} allowed action{reach.cells.length === 1 ? '' : 's'} on the workspace's resources.
        {chosen?.kind === 'guest' && (
          <>
            {' '}
            Rests on the guest scope-down setting (
            <button type="button" className="link-button" onClick={() => onOpenSetting('guestScopeDown')}>
              unverified — open the setting
            </button>
            ).
          </>
        )}
      </p>
      <ul className="reach-list" aria-label="Reachable resources">
        {groups.map((g) => (
          <li key={g.resource}>
            <code title={g.resource}>{shortResource(g.resource)}</code>:{' '}
            {g.actions.map((a) => a.replace(/^[^:]+:/, '')).join(', ')}
          </li>
        ))}
      </ul>
    </>
  );
}

/** Props of ReachSection. */
export interface ReachSectionProps {
  summary: WorkspaceSummary;
  loadClasses(): Promise<IdentityClass[]>;
  reach(identityClass: IdentityClass): Promise<Reach>;
  onOpenSetting(id: string): void;
}

/** The section: pick a class, see what it reaches. */
export function ReachSection({ summary, loadClasses, reach, onOpenSetting }: ReachSectionProps) {
  const { classes, key, setKey, chosen } = useIdentityClasses(summary, loadClasses);
  const { result, busy } = useReach(chosen, reach);
  return (
    <section className="reach" aria-label="Everything this identity class can reach">
      <h2>Everything this identity class can reach</h2>
      <div className="field inline">
        <label htmlFor="reach-class">Identity class</label>
        <select id="reach-class" value={key} onChange={(e) => setKey(e.target.value)}>
          {classes.map((c) => (
            <option key={c.key} value={c.key}>
              {kindName(c.kind)}: {c.label}
            </option>
          ))}
        </select>
      </div>
      {busy && (
        <p className="hint" role="status">
          Computing…
        </p>
      )}
      {result && result.key === key && !busy && (
        <ReachResult reach={result.reach} chosen={chosen} onOpenSetting={onOpenSetting} />
      )}
    </section>
  );
}
