import { describe, expect, it } from 'vitest';
import { chooseCluster } from './assign-story';

const thresholds = { join: 0.35, ambiguityMargin: 0.1 };

describe('chooseCluster', () => {
  it('joins the best candidate above the threshold', () => {
    expect(
      chooseCluster(
        [
          { clusterId: 'a', score: 0.2 },
          { clusterId: 'b', score: 0.8 },
        ],
        thresholds,
      ),
    ).toBe('b');
  });

  it('starts a cluster when nothing is similar enough', () => {
    expect(chooseCluster([{ clusterId: 'a', score: 0.34 }], thresholds)).toBeNull();
    expect(chooseCluster([], thresholds)).toBeNull();
  });

  it('starts a cluster when two known events are about as close: a third event recalling both', () => {
    expect(
      chooseCluster(
        [
          { clusterId: 'summit', score: 0.45 },
          { clusterId: 'launch', score: 0.4 },
        ],
        thresholds,
      ),
    ).toBeNull();
    expect(
      chooseCluster(
        [
          { clusterId: 'summit', score: 0.55 },
          { clusterId: 'launch', score: 0.4 },
        ],
        thresholds,
      ),
    ).toBe('summit');
  });
});
