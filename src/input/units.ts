/**
 * Units of measure as headers write them (人, 万人, 元/人·月, 元/人·年, %, ‰, 张/千人): whether a
 * header's unit is the column's, and when it is another unit of the same kind, the factor that
 * turns the header's numbers into the column's (8,280 元/人·年 is 690 元/人·月; 0.5 万人 is 5,000 人).
 */
import { Rational } from '../evaluate/rational.js';

/** A unit taken apart: what is counted, what it is per, how often per year, and its scale. */
interface Parsed {
  base: string;
  per: string;
  /** Times a year for an amount per period (月 12, 年 1); undefined for a stock. */
  perYear?: number;
  scale: Rational;
}

const MULTIPLIERS: Record<string, bigint> = { 十: 10n, 百: 100n, 千: 1000n, 万: 10_000n, 亿: 100_000_000n };
const PERIODS: Record<string, number> = { 月: 12, 季: 4, 季度: 4, 年: 1, 每月: 12, 每年: 1 };

/** A count with its multiplier: `万人` is 10,000 人; `平方米` has none. */
function scaled(text: string): { base: string; scale: Rational } {
  const first = text[0];
  if (first && text.length > 1 && MULTIPLIERS[first] !== undefined)
    return { base: text.slice(1), scale: Rational.of(MULTIPLIERS[first]!)! };
  return { base: text, scale: Rational.of(1n)! };
}

function parse(unit: string): Parsed | undefined {
  const text = unit.normalize('NFKC').replace(/\s+/g, '');
  if (text === '') return undefined;
  if (text === '%') return { base: '%', per: '', scale: Rational.of(1n)! };
  if (text === '‰') return { base: '%', per: '', scale: Rational.of(1n, 10n)! };
  const [top, ...rest] = text.split('/');
  const numerator = scaled(top!);
  let scale = numerator.scale;
  let perYear: number | undefined;
  const per: string[] = [];
  for (const part of rest.flatMap((r) => r.split(/[·・]/))) {
    if (PERIODS[part] !== undefined) {
      perYear = PERIODS[part];
      continue;
    }
    const denominator = scaled(part);
    scale = scale.div(denominator.scale)!;
    per.push(denominator.base);
  }
  return { base: numerator.base, per: per.sort().join('/'), perYear, scale };
}

/** The multiplier of what a unit counts: 10,000 for 万户 and 万元/人·年, 1 for 户 and 元/人·月. */
export function countedScale(unit: string): Rational {
  return scaled(unit.normalize('NFKC').replace(/\s+/g, '').split('/')[0]!).scale;
}

/** How a header's unit relates to its column's: the same, convertible by a factor, or another kind. */
export type UnitRelation = { kind: 'same' } | { kind: 'convert'; factor: Rational } | { kind: 'other' };

/** Compares the unit a header states with the column's unit. */
export function relateUnits(header: string, column: string): UnitRelation {
  if (header.normalize('NFKC').replace(/\s+/g, '') === column.normalize('NFKC').replace(/\s+/g, '')) return { kind: 'same' };
  const [h, c] = [parse(header), parse(column)];
  if (!h || !c || h.base !== c.base || h.per !== c.per || (h.perYear === undefined) !== (c.perYear === undefined)) return { kind: 'other' };
  let factor = h.scale.div(c.scale)!;
  if (h.perYear !== undefined && c.perYear !== undefined) factor = factor.mul(Rational.of(BigInt(h.perYear), BigInt(c.perYear))!);
  return factor.compare(Rational.of(1n)!) === 0 ? { kind: 'same' } : { kind: 'convert', factor };
}

/** A unit written after a slash at a label's end, as some forms head a column: `养老机构床位数/张`. */
export const SLASH_UNIT = /\/([^/()（）]{1,8})\s*$/;

/** A unit as a form may write it, without the word 单位： (or 计量单位：) before it: `单位：张` is 张. */
export function withoutUnitWord(text: string): string {
  return text.replace(/^(?:计量)?单位\s*[:：]?\s*/, '');
}

/** The unit a header states in its trailing brackets, or after a slash at its end: `城市低保标准（元/人·年）` gives 元/人·年; `（2021年以来累计，个）`, `（单位：个）` and `/个` give 个. */
export function headerUnit(label: string): string | undefined {
  const text = label.normalize('NFKC');
  const match = /[(（]([^()（）]*)[)）]\s*$/.exec(text) ?? SLASH_UNIT.exec(text);
  const unit = match?.[1]?.split(/[，,]/).pop()?.trim();
  return (unit && withoutUnitWord(unit)) || undefined;
}
