/**
 * Appending to an array in place. `target.push(...items)` passes each item as an argument, and a
 * call takes some 100,000 at most: a period of a national drop can hold more results than that,
 * and a complete drop's check more problems.
 */
export function appendAll<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) target.push(item);
}
