/** Numbers and lists for people, shared by the sentences of the engine, the readers and the reports. */

/** A number for people: thousands grouped, decimals as computed. */
export function formatNumber(n: number): string {
  // Nothing to group below a thousand (most values of a report): the number as JavaScript writes it.
  if (Math.abs(n) < 1000) return String(n);
  const [whole, fraction] = String(Math.abs(n)).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** Scaled English units: an amount in "10k persons" is shown in persons. */
const SCALES: [RegExp, number, string][] = [
  [/^10k (.+)$/, 10_000, ''],
  [/^100 million (.+)$/, 100, 'million '],
];

/**
 * An amount with its unit as people write it: `19 所`; in English the noun singular for one
 * (`1 bed`, `1 institution`) and scaled units spelled out (4 in "10k persons" is `40,000 persons`).
 */
export function formatAmount(n: number, unit: string, lang: 'zh' | 'en'): string {
  if (unit === '') return formatNumber(n);
  if (lang === 'zh') return `${formatNumber(n)} ${unit}`;
  for (const [pattern, factor, word] of SCALES) {
    const match = pattern.exec(unit);
    if (match) return formatAmount(Number((n * factor).toPrecision(15)), `${word}${match[1]}`, lang);
  }
  return `${formatNumber(n)} ${Math.abs(n) === 1 ? singular(unit) : unit}`;
}

/** The first word of an English unit in the singular: `beds per 1000` -> `bed per 1000`, `cemeteries` -> `cemetery`. */
function singular(unit: string): string {
  const [first, ...rest] = unit.split(' ');
  const one = /^[a-z]+ies$/.test(first!)
    ? first!.replace(/ies$/, 'y')
    : /^[a-z]+(?:ches|shes|xes|sses)$/.test(first!)
      ? first!.replace(/es$/, '')
      : /^[a-z]+[^s]s$/.test(first!)
        ? first!.slice(0, -1)
        : first!;
  return [one, ...rest].join(' ');
}

/**
 * A message template filled in: `{name}` by its value, `{name:one|many}` by the words that fit its
 * count (`{n} {n:file|files} read`), `{name?words|other words}` by the first where it has a value
 * (not empty) and the other, or nothing, where not (`{sheets? (sheets: {sheets})}`), the words
 * themselves filled in (`{n:a blank row|{n} blank rows}`); a name without a value is left as written.
 */
export function fillTemplate(template: string, valueOf: (name: string) => string | number | undefined): string {
  let text = '';
  for (const part of partsOf(template)) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    const value = valueOf(part.name);
    // A place of a value (or of a count without one) is its value, or left as written.
    if (!part.present && (value === undefined || part.one === undefined)) {
      text += value === undefined ? part.whole : String(value);
      continue;
    }
    const words = chosenWords(part, value);
    text += words.includes('{') ? fillTemplate(words, valueOf) : words;
  }
  return text;
}

/** The words a choice picks: `{name?present|absent}` by whether the value is there (not empty), `{name:one|many}` by whether it is 1. */
function chosenWords(choice: Exclude<TemplatePart, string>, value: string | number | undefined): string {
  if (choice.present) return value !== undefined && value !== '' ? choice.one! : (choice.many ?? '');
  return Number(value) === 1 ? choice.one! : choice.many!;
}

/** A template's texts and places: `{name}`, `{name:one|many}`, or `{name?present|absent}` (`present`). */
type TemplatePart = string | { whole: string; name: string; one?: string; many?: string; present?: boolean };

/**
 * A place: its name, and the words for one and for many (`:`), or for a value and for none (`?`,
 * where the second is optional), which may hold places of their own but no choice of words.
 */
const PLACE = /\{(\w+)(?::((?:[^|{}]|\{\w+\})*)\|((?:[^{}]|\{\w+\})*)|\?((?:[^|{}]|\{\w+\})*)(?:\|((?:[^{}]|\{\w+\})*))?)?\}/g;
/** Templates cut into their parts, once each (a report of many problems fills a few templates many times). */
const templateParts = new Map<string, readonly TemplatePart[]>();

function partsOf(template: string): readonly TemplatePart[] {
  const parts = templateParts.get(template);
  if (parts) return parts;
  const cut: TemplatePart[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACE)) {
    if (match.index > last) cut.push(template.slice(last, match.index));
    cut.push(
      match[4] === undefined
        ? { whole: match[0], name: match[1]!, one: match[2], many: match[3] }
        : { whole: match[0], name: match[1]!, one: match[4], many: match[5], present: true },
    );
    last = match.index + match[0].length;
  }
  if (last < template.length) cut.push(template.slice(last));
  // The catalog's and the reports' templates: a few hundred.
  if (templateParts.size < 1024) templateParts.set(template, cut);
  return cut;
}

/**
 * Names in a sentence: the first `shown` of them (in quotes where `quoted`), then how many more
 * there are (`"一月", "二月" and 3 more`; `“一月”、“二月” 等 5 个`).
 */
export function namesText(names: readonly string[], shown: number, quoted = false): { en: string; zh: string } {
  const first = names.slice(0, shown);
  const more = names.length - first.length;
  return {
    en: first.map((name) => (quoted ? `"${name}"` : name)).join(', ') + (more > 0 ? ` and ${formatNumber(more)} more` : ''),
    zh: first.map((name) => (quoted ? `“${name}”` : name)).join('、') + (more > 0 ? ` 等 ${formatNumber(names.length)} 个` : ''),
  };
}
