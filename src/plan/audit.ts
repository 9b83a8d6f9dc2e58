/**
 * `plan-check audit PLAN`: where the plan's own document disagrees with itself. It recomputes the
 * plan's figures (printed numbers and how its other numbers give them, percentages that must be a
 * share of a whole count), the printed growth rates and the 专栏 box totals, and lists the wordings
 * a reading found to disagree, each with the quotes on both sides.
 */
import { formatNumber } from '../format.js';
import { evaluateConstant } from '../evaluate/metric.js';
import { agreesWithPrinted, annualRate } from '../evaluate/growth.js';
import { Rational } from '../evaluate/rational.js';
import type { Bilingual } from '../types.js';
import type { Figure, Plan, Rule } from './plan.js';

/** One thing the audit compared, and whether the plan agrees with itself on it. */
export interface AuditItem {
  id: string;
  kind: 'figure' | 'share' | 'wording' | 'growth' | 'box-total';
  title: Bilingual;
  consistent: boolean;
  /** What was computed against what was printed. */
  detail: Bilingual;
  quotes: { where: string; quote: string }[];
  note?: Bilingual;
}

/** Decimals a printed number shows: 58.48 -> 2, 50 -> 0. */
function decimalsOf(n: number): number {
  return /\.(\d+)$/.exec(String(n))?.[1]?.length ?? 0;
}

function figureItem(figure: Figure): AuditItem {
  const base = { id: figure.id, title: figure.title, quotes: figure.quotes, ...(figure.note ? { note: figure.note } : {}) };
  const printed = figure.printed!;
  const digits = figure.decimals ?? decimalsOf(printed);
  if (figure.expression) {
    const value = evaluateConstant(figure.expression);
    if (!(value instanceof Rational))
      return {
        ...base,
        kind: 'figure',
        consistent: false,
        detail: { zh: `${figure.expressionText} 无法计算`, en: `${figure.expressionText} cannot be computed` },
      };
    const shown = value.round(digits);
    const consistent = Rational.fromNumber(shown).compare(Rational.fromNumber(printed)) === 0;
    const computed = formatNumber(value.round(Math.max(digits, 2) + 2));
    return {
      ...base,
      kind: 'figure',
      consistent,
      detail: {
        zh: `${figure.expressionText} = ${computed}，${consistent ? '与' : '不符'}印刷的 ${formatNumber(printed)}${consistent ? ' 一致' : ''}`,
        en: `${figure.expressionText} = ${computed}, ${consistent ? 'as' : 'not the'} ${formatNumber(printed)} printed`,
      },
    };
  }
  if (figure.shareOf !== undefined) {
    const n = figure.shareOf;
    const wanted = Rational.fromNumber(printed);
    const shares = Array.from({ length: n + 1 }, (_, k) => Rational.of(BigInt(k * 100), BigInt(n))!);
    const fits = shares.findIndex((share) => Rational.fromNumber(share.round(digits)).compare(wanted) === 0);
    const below = shares.filter((s) => s.compare(wanted) < 0).length - 1;
    const near = [below, below + 1]
      .filter((k) => k >= 0 && k <= n)
      .map((k) => `${k}/${n} = ${formatNumber(shares[k]!.round(2))}%`)
      .join(', ');
    return {
      ...base,
      kind: 'share',
      consistent: fits >= 0,
      detail:
        fits >= 0
          ? { zh: `${fits}/${n} = ${formatNumber(printed)}%`, en: `${fits} of ${n} is ${formatNumber(printed)} %` }
          : {
              zh: `${n} 个中没有一个整数能得到 ${formatNumber(printed)}%（${near}）`,
              en: `no whole number of ${n} gives ${formatNumber(printed)} % (${near})`,
            },
    };
  }
  return {
    ...base,
    kind: 'wording',
    consistent: figure.consistent!,
    detail: figure.consistent ? { zh: '各处说法一致', en: 'the wordings agree' } : { zh: '各处说法不一致', en: 'the wordings disagree' },
  };
}

/** The printed planned and actual rates of a rule, recomputed from its baseline, target and printed completion. */
function growthItems(rule: Rule): AuditItem[] {
  const growth = rule.printedGrowth;
  const base = rule.baseline?.value;
  if (!growth || typeof base !== 'number' || !rule.deadline || rule.target.op === 'between' || rule.target.value.kind !== 'number')
    return [];
  const years = Number(rule.deadline.slice(0, 4)) - rule.baseline!.year;
  const target = Number(rule.target.value.value);
  const quotes = rule.source.quote
    ? [{ where: [rule.source.table, rule.source.row ? `row ${rule.source.row}` : ''].filter(Boolean).join(' '), quote: rule.source.quote }]
    : [];
  const item = (which: 'planned' | 'actual', printed: string, to: number): AuditItem | undefined => {
    const rate = annualRate(base, to, years);
    if (rate === undefined) return undefined;
    const consistent = agreesWithPrinted(printed, rate);
    const computed = `${formatNumber(Number(rate.toFixed(2)))}%`;
    return {
      id: `${rule.id}/${which}`,
      kind: 'growth',
      title: { zh: `${rule.title.zh}：${which === 'planned' ? '预计' : '实际'}年均增长率`, en: `${rule.title.en}: ${which} annual growth` },
      consistent,
      detail: {
        zh: `${formatNumber(base)} → ${formatNumber(to)}，${years} 年复合增长 ${computed}，印刷为 ${printed}`,
        en: `${formatNumber(base)} to ${formatNumber(to)} over ${years} years is ${computed} a year compounded; printed ${printed}`,
      },
      quotes,
    };
  };
  return [
    growth.expected ? item('planned', growth.expected, target) : undefined,
    growth.actual && growth.completed !== undefined ? item('actual', growth.actual, growth.completed) : undefined,
  ].filter((x): x is AuditItem => x !== undefined);
}

/** A 专栏 box's total against the allocations that make it up (loading refuses a mismatch). */
function boxItem(rule: Rule): AuditItem | undefined {
  if (!rule.boxTotal) return undefined;
  const allocations = [...rule.targetByUnit.values()].map((t) =>
    t.op !== 'between' && t.value.kind === 'number' ? Number(t.value.value) : 0,
  );
  const sum = allocations.reduce((a, b) => a + b, 0) + (rule.boxTotal.outsideUnits ?? 0);
  const consistent = Math.abs(sum - rule.boxTotal.value) < 1e-9;
  return {
    id: `${rule.id}/box`,
    kind: 'box-total',
    title: { zh: `${rule.title.zh}：${rule.source.box ?? '专栏'}合计`, en: `${rule.title.en}: the ${rule.source.box ?? 'box'} total` },
    consistent,
    detail: {
      zh: `各单位分配之和 ${formatNumber(sum)}，专栏合计 ${formatNumber(rule.boxTotal.value)}`,
      en: `the allocations add up to ${formatNumber(sum)}; the box prints ${formatNumber(rule.boxTotal.value)}`,
    },
    quotes: rule.source.quote ? [{ where: rule.source.box ?? '', quote: rule.source.quote }] : [],
  };
}

/** Everything the audit compares in a plan: its figures, printed growth rates and box totals. */
export function auditPlan(plan: Plan): AuditItem[] {
  return [
    ...plan.figures.map(figureItem),
    ...plan.rules.flatMap(growthItems),
    ...plan.rules.map(boxItem).filter((x): x is AuditItem => x !== undefined),
  ];
}
