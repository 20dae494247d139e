// The fetch dialog's request (Journey 1, fetch from a live account): only the fields the user filled in, in the shape
// the host's aws:fetchStart channel accepts (electron/ipc/contract.ts).
import { describe, expect, it } from 'vitest';
import { channels } from '../../../../../electron/ipc/contract';
import { fetchLabel, fetchRequest } from '../../../../../renderer/src/features/load/fetch-request';

const blank = { profile: '', region: '', pools: '', endpoint: '' };

describe('the fetch request', () => {
  it('sends nothing for empty fields (the host then uses its defaults: every pool in the region)', () => {
    expect(fetchRequest(blank)).toEqual({});
    expect(fetchRequest({ ...blank, pools: ' , \n', endpoint: '   ' })).toEqual({});
  });

  it('splits pool ids on spaces and commas, trims the endpoint, and the host accepts the result', () => {
    const request = fetchRequest({
      profile: 'dev',
      region: 'eu-west-1',
      pools: 'eu-west-1:0d3f0000-aaaa, eu-west-1:1e4f0000-bbbb\neu-west-1:2f5a0000-cccc',
      endpoint: ' http://127.0.0.1:5000 ',
    });
    expect(request).toEqual({
      profile: 'dev',
      region: 'eu-west-1',
      identityPoolIds: ['eu-west-1:0d3f0000-aaaa', 'eu-west-1:1e4f0000-bbbb', 'eu-west-1:2f5a0000-cccc'],
      endpoint: 'http://127.0.0.1:5000',
    });
    expect(channels['aws:fetchStart'].request.safeParse(request).success).toBe(true);
  });

  it('names the fetched workspace by profile and region, default when no profile is given', () => {
    expect(fetchLabel({ ...blank, profile: 'dev', region: 'eu-west-1' })).toBe('dev / eu-west-1');
    expect(fetchLabel({ ...blank, region: 'us-east-1' })).toBe('default / us-east-1');
  });
});
