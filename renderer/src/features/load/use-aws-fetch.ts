/**
 * One fetch from a live account (the fetch dialog's run): start the host's job with the fields as typed, poll its
 * status until it finishes, fails or the dialog stops it, and then load the workspace, or, when the fetch reported
 * problems, show them and keep what was fetched until the user chooses to load it.
 */
import { useRef, useState } from 'react';
import type { RefObject } from 'react';
import type { ChannelResponse } from '../../../../electron/ipc/contract';
import type { Diagnostic } from '../../../../policy-engine/model/index';
import { api } from '../../api';
import { fetchLabel, fetchRequest } from './fetch-request';
import type { FetchFields } from './fetch-request';

const POLL_MS = 400;

/** How far the fetch is. */
export type FetchProgress = ChannelResponse<'aws:fetchStatus'>['progress'];
type FetchResult = NonNullable<ChannelResponse<'aws:fetchStatus'>['result']>;

interface PollReports {
  stop: RefObject<boolean>;
  setProgress(progress: FetchProgress): void;
  setErrors(errors: Diagnostic[]): void;
}

/**
 * Polls job `jobId` every POLL_MS, reporting progress and errors as they come, until it finishes (its result, if
 * any), the status call fails (its errors reported) or `stop` is set (undefined for both).
 */
async function pollFetch(jobId: string, on: PollReports): Promise<FetchResult | undefined> {
  while (!on.stop.current) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    const status = await api.getAwsFetchStatus({ jobId });
    if (!status.ok) {
      on.setErrors(status.errors);
      return undefined;
    }
    on.setProgress(status.value.progress);
    if (status.value.errors) on.setErrors(status.value.errors);
    if (status.value.finished) return status.value.result;
  }
  return undefined;
}

/** What the dialog shows of the run, its start, and the flag that stops it. */
export interface AwsFetchRun {
  progress: FetchProgress | null;
  errors: Diagnostic[];
  running: boolean;
  /** A finished fetch that reported problems: loaded only when the user says so. */
  fetched: { text: string; items: number } | null;
  stop: RefObject<boolean>;
  start(): Promise<void>;
}

/** The fetch run for `fields`; a clean result goes straight to `onLoaded`. */
export function useAwsFetch(fields: FetchFields, onLoaded: (text: string, label: string) => void): AwsFetchRun {
  const [progress, setProgress] = useState<FetchProgress | null>(null);
  const [errors, setErrors] = useState<Diagnostic[]>([]);
  const [running, setRunning] = useState(false);
  const [fetched, setFetched] = useState<{ text: string; items: number } | null>(null);
  const stop = useRef(false);

  const finish = (result: FetchResult) => {
    const problems = [...result.report.errors, ...result.report.warnings];
    const items = result.report.loaded.reduce((n, l) => n + l.items.length, 0);
    if (problems.length === 0) onLoaded(result.text, fetchLabel(fields));
    else {
      setErrors(problems);
      setFetched({ text: result.text, items });
    }
  };

  const start = async () => {
    setErrors([]);
    setFetched(null);
    setRunning(true);
    stop.current = false;
    const started = await api.startAwsFetch(fetchRequest(fields));
    if (!started.ok) {
      setErrors(started.errors);
      setRunning(false);
      return;
    }
    const result = await pollFetch(started.value.jobId, { stop, setProgress, setErrors });
    if (result) finish(result);
    setRunning(false);
  };

  return { progress, errors, running, fetched, stop, start };
}
