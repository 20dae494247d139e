import { describe, expect, it } from 'vitest';
import { explanationPlacement } from '../../../../../renderer/src/features/workbench/explain-placement';
import { columnLabels, matrixLayout } from '../../../../../renderer/src/features/matrix/matrix-model';

describe('explanationPlacement', () => {
  it('puts the explanation beside the matrix only when every resource column still fits', () => {
    expect(explanationPlacement(1400, 900, 440)).toBe('side');
    expect(explanationPlacement(1345, 900, 440)).toBe('below');
  });

  it('puts it below the matrix for the demo at 1280 and 1024 px (sidebar shown), where side by side hid columns', () => {
    const actions = ['s3:GetBucketMetadataTableConfiguration', 's3:GetObject'];
    const resources = [
      'arn:aws:s3:::demo-app-user-files',
      'arn:aws:s3:::demo-app-user-files/public/*',
      'arn:aws:s3:::demo-app-user-files/private/${cognito-identity.amazonaws.com:sub}/*',
      'arn:aws:dynamodb:us-east-1:123456789012:table/Notes',
      'arn:aws:dynamodb:us-east-1:123456789012:table/Notes/index/ByOwner',
    ];
    const { minWidth } = matrixLayout(actions, columnLabels(resources), false);
    // The workbench is the window less the 260 px sidebar.
    expect(explanationPlacement(1280 - 260, minWidth, 440)).toBe('below');
    expect(explanationPlacement(1024 - 260, minWidth, 440)).toBe('below');
    expect(explanationPlacement(2400 - 260, minWidth, 440)).toBe('side');
  });
});
