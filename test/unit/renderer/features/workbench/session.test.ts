import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Workspace } from '../../../../../policy-engine/model/workspace';
import type { EngineClient, MatrixJob } from '../../../../../renderer/src/engine/engine-client';
import type { MatrixResult, WorkspaceSummary } from '../../../../../renderer/src/engine/protocol';

// The session's engine work goes to a worker; here a stand-in client records what it is asked.
const summary = { policies: [{ policyId: 'p1', text: '{}' }], actions: [], resources: [], diagnostics: [] };
const matrixOf = (n: number) => ({ roleArn: `arn:aws:iam::111122223333:role/R${n}` }) as unknown as MatrixResult;
let matrixCalls = 0;
const fake = {
  load: vi.fn(async (_ws: Workspace, _baseline: boolean) => summary as unknown as WorkspaceSummary),
  resolve: vi.fn(async () => null),
  matrix: vi.fn((): MatrixJob => ({
    id: matrixCalls,
    result: Promise.resolve(matrixOf(++matrixCalls)),
    cancel: vi.fn(),
  })),
  audit: vi.fn(async () => ({ findings: [] })),
  diff: vi.fn(async () => null),
  whoCan: vi.fn(async () => null),
  explain: vi.fn(async (_request: unknown, _now: Date): Promise<unknown> => null),
};
vi.mock('../../../../../renderer/src/engine/engine-client', () => ({
  createEngineClient: () => fake as unknown as EngineClient,
}));

const { createSession, EDIT_DEBOUNCE_MS, ANALYSIS_DEBOUNCE_MS } =
  await import('../../../../../renderer/src/features/workbench/session-store');

const workspace = {
  name: 'w',
  region: 'us-east-1',
  identityPools: [],
  iam: { RoleDetailList: [{ Arn: 'arn:aws:iam::111122223333:role/Only' }] },
} as unknown as Workspace;

beforeEach(() => {
  vi.useFakeTimers();
  vi.clearAllMocks();
});
afterEach(() => vi.useRealTimers());

async function loaded() {
  const session = createSession(() => ({}));
  await session.actions.init(workspace);
  await vi.advanceTimersByTimeAsync(ANALYSIS_DEBOUNCE_MS);
  return session;
}

describe('the session, split into small stores', () => {
  it('loads a workspace into the drafts, results and identity stores', async () => {
    const s = await loaded();
    expect(s.drafts.getState()).toMatchObject({ baseline: workspace, draft: workspace, dirty: false });
    expect(s.drafts.getState().baselineTexts).toEqual({ p1: '{}' });
    expect(s.results.getState().summary).toBe(summary);
    expect(s.results.getState().matrix?.roleArn).toBe(`arn:aws:iam::111122223333:role/R${matrixCalls}`);
    // No identity pool: the form asks as the workspace's first role.
    expect(s.identity.getState().form).toMatchObject({
      kind: 'principal',
      principalArn: 'arn:aws:iam::111122223333:role/Only',
    });
    // Loaded as the baseline; init without a file's text passes no source (file lines come only with a file).
    expect(fake.load).toHaveBeenCalledWith(workspace, true, undefined);
    expect(fake.audit).toHaveBeenCalledTimes(1);
  });

  it('an edit is one undo step, re-loads the draft into the worker, and undo/redo walk the history', async () => {
    const s = await loaded();
    s.actions.editSettings({ guestSubPresent: false });
    const edited = s.drafts.getState().draft;
    expect(edited?.settings).toEqual({ guestSubPresent: false });
    expect(s.drafts.getState()).toMatchObject({ dirty: true, undoStack: [workspace], redoStack: [] });
    await vi.advanceTimersByTimeAsync(EDIT_DEBOUNCE_MS);
    expect(fake.load).toHaveBeenLastCalledWith(edited, false);
    s.actions.undo();
    expect(s.drafts.getState()).toMatchObject({ draft: workspace, dirty: false, redoStack: [edited] });
    s.actions.redo();
    expect(s.drafts.getState()).toMatchObject({ draft: edited, dirty: true, undoStack: [workspace] });
  });

  it('changing one concern leaves the other stores untouched (a selector on them does not re-render)', async () => {
    const s = await loaded();
    const before = {
      drafts: s.drafts.getState(),
      results: s.results.getState(),
      identity: s.identity.getState(),
      analysis: s.analysis.getState(),
    };
    const seen: string[] = [];
    s.drafts.subscribe(() => seen.push('drafts'));
    s.results.subscribe(() => seen.push('results'));
    s.actions.openSetting('guestSubPresent');
    s.actions.setFilter({ search: 'GetObject' });
    expect(s.nav.getState()).toMatchObject({ view: 'settings', settingFocus: { id: 'guestSubPresent', nonce: 1 } });
    expect(s.cell.getState().filter.search).toBe('GetObject');
    expect(seen).toEqual([]);
    expect(s.drafts.getState()).toBe(before.drafts);
    expect(s.results.getState()).toBe(before.results);
    expect(s.identity.getState()).toBe(before.identity);
    expect(s.analysis.getState()).toBe(before.analysis);
  });

  it('two sessions share no state', async () => {
    const a = await loaded();
    const b = createSession(() => ({}));
    a.actions.setView('findings');
    expect(b.nav.getState().view).toBe('access');
    expect(b.drafts.getState().draft).toBeNull();
  });
});

describe('the S3 request inputs of the selected cell (explain/request-inputs.ts)', () => {
  /** The session on one cell, s3:PutObject on an object; each explain call waits for the test to answer it. */
  async function onPutObjectCell() {
    const s = await loaded();
    const cellSummary = { ...summary, actions: [{ action: 's3:PutObject' }], resources: ['arn:aws:s3:::b/k'] };
    s.results.setState({ summary: cellSummary as unknown as WorkspaceSummary });
    const answers: ((a: unknown) => void)[] = [];
    fake.explain.mockImplementation(() => new Promise((resolve) => answers.push(resolve as (a: unknown) => void)));
    return { s, answers, picked: { actionIndex: 0, resourceIndex: 0 } };
  }
  const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1111aaaa-2222-4333-8444-555566667777';

  it('a change re-explains the cell at once with the inputs that apply; a bad key ARN is not sent', async () => {
    const { s, answers, picked } = await onPutObjectCell();
    const first = s.actions.selectCell(picked);
    answers[0]?.({ decision: 'allowed' });
    await first;
    expect(fake.explain).toHaveBeenLastCalledWith(
      expect.not.objectContaining({ operation: expect.anything() }),
      expect.any(Date),
    );
    const op = s.actions.setRequestInput({ operation: 'UploadPart' });
    answers[1]?.({ decision: 'implicitDeny' });
    await op;
    expect(fake.explain).toHaveBeenCalledTimes(2);
    expect(fake.explain.mock.calls[1]?.[0]).toMatchObject({ action: 's3:PutObject', operation: 'UploadPart' });
    expect(s.cell.getState().explanation).toEqual({ decision: 'implicitDeny' });
    const bad = s.actions.setRequestInput({ objectKmsKeyArn: 'alias/x' });
    answers[2]?.({ decision: 'implicitDeny' });
    await bad;
    expect(fake.explain.mock.calls[2]?.[0]).not.toHaveProperty('objectKmsKeyArn');
    const good = s.actions.setRequestInput({ objectKmsKeyArn: KEY });
    answers[3]?.({ decision: 'allowed' });
    await good;
    expect(fake.explain.mock.calls[3]?.[0]).toMatchObject({ operation: 'UploadPart', objectKmsKeyArn: KEY });
  });

  it('typing asks one explanation per change; only the latest one asked is shown', async () => {
    const { s, answers, picked } = await onPutObjectCell();
    const first = s.actions.selectCell(picked);
    const second = s.actions.setRequestInput({ operation: 'UploadPart' });
    // The later question is answered first; the earlier answer, arriving last, must not replace it.
    answers[1]?.({ decision: 'implicitDeny' });
    await second;
    answers[0]?.({ decision: 'allowed' });
    await first;
    expect(s.cell.getState().explanation).toEqual({ decision: 'implicitDeny' });
  });
});
