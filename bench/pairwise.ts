// Pairwise agreement of a clustering with the truth, as the linkage benchmarks
// score it: every two records given one person form a predicted pair, every
// two records of one true person a true pair.

export interface PairwiseAgreement {
  precision: number;
  recall: number;
  predictedPairs: number;
  truePairs: number;
  correctPairs: number;
}

/** `predicted[i]` and `truth[i]` label record i; labels are compared only for equality. */
export function pairwiseAgreement(predicted: ArrayLike<string | number>, truth: ArrayLike<string | number>): PairwiseAgreement {
  const pairsIn = (keys: Iterable<string | number>) => {
    const counts = new Map<string | number, number>();
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
    let total = 0;
    for (const c of counts.values()) total += (c * (c - 1)) / 2;
    return total;
  };
  const both = function* () {
    for (let i = 0; i < truth.length; i++) yield `${predicted[i]}\u0000${truth[i]}`;
  };
  const predictedPairs = pairsIn(Array.from(predicted));
  const truePairs = pairsIn(Array.from(truth));
  const correctPairs = pairsIn(both());
  return {
    precision: predictedPairs === 0 ? 1 : correctPairs / predictedPairs,
    recall: truePairs === 0 ? 1 : correctPairs / truePairs,
    predictedPairs,
    truePairs,
    correctPairs,
  };
}
