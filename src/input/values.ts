/**
 * A row's values object: the columns of its header as its own properties, set by one constructor
 * per header, so that V8 lays them out in the object itself.
 */
import type { CellValue } from '../types.js';

/** What a row's values inherit: nothing (a column named `constructor` or `__proto__` is a column like any other). */
const NO_PROTOTYPE: object = Object.freeze(Object.create(null));

/** Makers of values objects by their columns, for the headers seen in a run (a few; bounded all the same). */
const makers = new Map<string, (slots: CellValue[]) => Record<string, CellValue>>();

/**
 * The maker of rows' values objects for a header's columns: each object has those columns as its
 * own properties, set in one constructor, so that V8 lays them out in the object itself (about
 * 800 bytes for 94 columns, where adding them one by one made a 6 KB hash table of each row).
 * The column ids are written into the constructor as JSON strings; the values are passed in.
 */
export function valuesMaker(ids: readonly string[]): (slots: CellValue[]) => Record<string, CellValue> {
  const key = ids.join('\u0000');
  let maker = makers.get(key);
  if (maker) return maker;
  // eslint-disable-next-line no-new-func -- column ids as JSON string literals only
  const Values = new Function('v', ids.map((id, i) => `this[${JSON.stringify(id)}] = v[${i}];`).join('\n')) as unknown as new (
    slots: CellValue[],
  ) => Record<string, CellValue>;
  Values.prototype = NO_PROTOTYPE;
  maker = (slots) => new Values(slots);
  if (makers.size < 256) makers.set(key, maker);
  return maker;
}
