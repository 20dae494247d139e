// Paging as every Cognito list call of a fetch does it: follow NextToken to the end; a token the service returns
// twice stops with an error instead of looping; items read before a failure are kept by the caller.
// https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_ListIdentityPools.html (NextToken)
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListGroups.html (NextToken)
import { describe, expect, it } from 'vitest';
import { eachPage, FetchRun } from '../../../../electron/aws/fetch-run';
import type { Clients, FetchProgress } from '../../../../electron/aws/fetch-run';

describe('eachPage', () => {
  it('follows NextToken until a page has none (an empty string ends it too)', async () => {
    const pages: Record<string, { items: string[]; next?: string }> = {
      start: { items: ['a', 'b'], next: 't1' },
      t1: { items: ['c'], next: 't2' },
      t2: { items: ['d'], next: '' },
    };
    const got: string[] = [];
    const asked: (string | undefined)[] = [];
    await eachPage(async (next) => {
      asked.push(next);
      const p = pages[next ?? 'start'];
      got.push(...p.items);
      return p.next;
    });
    expect(got).toEqual(['a', 'b', 'c', 'd']);
    expect(asked).toEqual([undefined, 't1', 't2']);
  });

  it('stops with an error naming the token when the service returns it twice, keeping what was read', async () => {
    const got: number[] = [];
    let n = 0;
    await expect(
      eachPage(async () => {
        got.push(n++);
        return 'same';
      }),
    ).rejects.toThrow('the service returned NextToken "same" twice; stopped paging to avoid a loop');
    expect(got).toEqual([0, 1]);
  });
});

describe('FetchRun progress', () => {
  it('counts steps against a total that grows as items are found', () => {
    const seen: FetchProgress[] = [];
    const run = new FetchRun({} as Clients, (p) => seen.push(p));
    run.step('one');
    run.expect(3);
    run.step('two');
    expect(seen).toEqual([
      { done: 1, total: 2, message: 'one' },
      { done: 2, total: 5, message: 'two' },
    ]);
  });
});
