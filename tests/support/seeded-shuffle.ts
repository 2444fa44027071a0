/** The same shuffle for the same seed (a linear congruential generator), so an order that fails can be replayed. */
export function shuffledWithSeed<T>(values: readonly T[], seed: number): T[] {
  const shuffled = [...values];
  let state = seed;
  for (let i = shuffled.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  return shuffled;
}
