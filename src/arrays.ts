/**
 * Appending to an array in place. `target.push(...items)` passes each item as an argument, and a
 * call takes some 100,000 at most: a period of a national drop can hold more results than that,
 * and a complete drop's check more problems.
 */
export function appendAll<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) target.push(item);
}

/**
 * Items grouped by a key, each group in the items' order and the groups in the order their keys
 * first come: one pass, where filtering the items again for each key takes a pass a key (a report
 * of thousands of units, filtered unit by unit, took seconds).
 */
export function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** The items in consecutive slices of at most `size` (one slice, the items themselves, where they are no more). */
export function* slices<T>(items: readonly T[], size: number): Generator<readonly T[], void, undefined> {
  if (items.length <= size) {
    if (items.length > 0) yield items;
    return;
  }
  for (let at = 0; at < items.length; at += size) yield items.slice(at, at + size);
}

/** Each item as `make` makes it, as they are gone through. */
export function* mapped<T, U>(items: Iterable<T>, make: (item: T) => U): Generator<U, void, undefined> {
  for (const item of items) yield make(item);
}

/** Items made anew, by `make`, each time they are gone through: nothing is held between. */
export function remade<T>(make: () => Iterable<T>): Iterable<T> {
  return { [Symbol.iterator]: () => make()[Symbol.iterator]() };
}
