/**
 * The slower analyses of the draft: the audit, the change diff and an open who-can question, re-run (debounced)
 * after each edit; the newest run wins. A who-can question asked in the view is answered here too.
 */
import type { SessionStores } from './stores';
import { debounced, getEngine, messageOf } from './shared';

/** How long typing settles before the audit and the change diff re-run (ms): they cost more than one matrix. */
export const ANALYSIS_DEBOUNCE_MS = 300;

/** The analysis runs of one session. */
export function createAnalysisRun({ drafts, analysis, results }: SessionStores) {
  let analysisSeq = 0;
  /** Audit, change diff and an open who-can question, for the workspace the worker holds now. */
  const analyse = async () => {
    const seq = ++analysisSeq;
    const client = getEngine();
    const now = new Date();
    const { dirty } = drafts.getState();
    const q = analysis.getState().whoCan;
    analysis.setState({ analysisBusy: true });
    try {
      const [audit, diff, who] = await Promise.all([
        client.audit(now),
        dirty ? client.diff(now) : Promise.resolve(null),
        q.result && q.action && q.resource ? client.whoCan(q.action, q.resource, now) : Promise.resolve(null),
      ]);
      if (seq !== analysisSeq) return;
      analysis.setState({
        audit,
        diff,
        analysisBusy: false,
        analysisError: null,
        ...(who ? { whoCan: { ...analysis.getState().whoCan, result: who } } : {}),
      });
    } catch (e) {
      if (seq === analysisSeq) analysis.setState({ analysisBusy: false, analysisError: messageOf(e) });
    }
  };
  const analyseLater = debounced(ANALYSIS_DEBOUNCE_MS, () => void analyse());

  return {
    /** Marks the analyses busy and runs them once typing settles. */
    schedule() {
      analysis.setState({ analysisBusy: true });
      analyseLater();
    },
    /** Asks who can perform an action on a resource (re-asked after each edit while shown). */
    async askWhoCan(action: string, resource: string) {
      analysis.setState({ whoCan: { action, resource, result: analysis.getState().whoCan.result, busy: true } });
      try {
        const result = await getEngine().whoCan(action, resource, new Date());
        const q = analysis.getState().whoCan;
        if (q.action === action && q.resource === resource)
          analysis.setState({ whoCan: { action, resource, result, busy: false } });
      } catch (e) {
        analysis.setState({ whoCan: { ...analysis.getState().whoCan, busy: false } });
        results.setState({ engineError: messageOf(e) });
      }
    },
  };
}
