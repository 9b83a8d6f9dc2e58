/**
 * Which built-in plan a header seems to follow, for a file checked against another plan: the one
 * whose data columns its labels name most.
 */
import { HeaderMatcher } from '../input/header.js';
import { builtinPlanIds, loadPlan } from './load.js';

const matchers = new Map<string, { matcher: HeaderMatcher; roles: Set<string> }>();

/** The built-in plan (other than `current`) whose data columns most of these labels name (how many), if any names two. */
export function suggestPlan(labels: readonly string[], current: string): { id: string; named: number } | undefined {
  let best: { id: string; named: number } | undefined;
  for (const id of builtinPlanIds()) {
    if (id === current) continue;
    let entry = matchers.get(id);
    if (!entry) {
      const { columns } = loadPlan(id);
      entry = {
        matcher: new HeaderMatcher(columns.list),
        roles: new Set([columns.code, columns.name, columns.period].filter((x): x is string => !!x)),
      };
      matchers.set(id, entry);
    }
    const named = labels.filter((label) => {
      const found = entry.matcher.match(label);
      return found !== undefined && !entry.roles.has(found.id);
    }).length;
    if (named >= 2 && (!best || named > best.named)) best = { id, named };
  }
  return best;
}
