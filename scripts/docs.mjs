#!/usr/bin/env node
// Rewrites docs/columns.md from the submission schema and docs/codes.md from the issue catalog
// (run `npm run build` first). tests/docs.test.ts fails when they fall out of step.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { CATALOG } from '../dist/catalog.js';

function typeOf(id, p) {
  const t = []
    .concat(p.type)
    .filter((x) => x !== 'null')
    .join();
  if (id === 'period') return 'YYYY or YYYY-MM';
  if (id === 'county_code') return '6-digit code (plan-check units)';
  if (t === 'boolean') return '是/否 (有/无, Y/N, yes/no, true/false, 1/0)';
  if (p['x-unit'] === 'percent') return 'percent number (6.5 = 6.5 %)';
  if (t === 'integer') return 'integer >= 0';
  if (t === 'number') return p.exclusiveMinimum === 0 ? 'number > 0' : 'number >= 0';
  return 'text';
}

// docs/columns.md for schemas/submission.schema.json, docs/columns-NAME.md for submission-NAME.
for (const file of readdirSync(new URL('../schemas/', import.meta.url)).filter((f) => /^submission.*\.schema\.json$/.test(f))) {
  const schema = JSON.parse(readFileSync(new URL(`../schemas/${file}`, import.meta.url), 'utf8'));
  const suffix = file.replace(/^submission/, '').replace(/\.schema\.json$/, '');
  let columns = `# Submission columns${suffix ? ` (${suffix.slice(1)})` : ''}

${schema.title}. Headers may be the column ids or the Chinese labels; column order is free; unknown
columns are a warning. An empty cell, \`——\`, \`-\` or \`/\` means not reported. This table is
\`schemas/${file}\` in words; a test keeps them in step.

| column id | 中文表头 | type | unit | limit |
|---|---|---|---|---|
`;
  for (const [id, p] of Object.entries(schema.properties)) {
    const unit = `${p['x-unit'] && p['x-unit'] !== 'percent' ? p['x-unit'] : ''}${p['x-measure'] === 'cumulative' ? ', since 2021 (累计)' : ''}`;
    const label = p['x-aliases']?.length ? `${p.title} (also read: ${p['x-aliases'].join(', ')})` : p.title;
    columns += `| ${id} | ${label} | ${typeOf(id, p)} | ${unit} | ${p['x-lte'] ? `<= ${p['x-lte']}` : ''} |\n`;
  }
  columns += `
county_code and period are required in every row; county_name, when given, must be the
unit's name or an alias (江华县, 经开区, 祁阳县 ...).

Most columns are stocks: the value at the period (beds in use, townships covered). Columns marked
"since 2021 (累计)" are counts since the plan began (2021年以来累计): what was built, created or
trained from January 2021 up to the period, so that a 专栏 box's five-year total is judged on the
latest figure. They never fall from one period to the next (a fall is reported as
cumulative-decrease). Headers written without "2021年以来累计" are still recognised.
`;
  writeFileSync(new URL(`../docs/columns${suffix}.md`, import.meta.url), columns);
}

let codes = `# Problem codes

Every problem plan-check reports has a stable code (in the JSON report's \`errors\` and \`warnings\`).
Errors make the exit code 2; warnings and info are shown only. \`plan-check codes\` prints this list.

| code | severity | 标题 | title | fix |
|---|---|---|---|---|
`;
for (const [code, e] of Object.entries(CATALOG)) {
  codes += `| ${code} | ${e.severity} | ${e.title.zh} | ${e.title.en} | ${e.hint.en
    .replace(/\{plan_option\}/g, '')
    .replace(/\{\w+:([^|{}]*)\|[^{}]*\}/g, '$1')
    // Words with a value and without (a sheet's fault, the workbook's): both.
    .replace(/\{\w+\?([^|{}]*)(?:\|([^{}]*))?\}/g, (_, given, none) => (none ? `${given} / ${none}` : given))
    .replace(/(?:\{\w+\})+/g, '…')} |\n`;
}
codes += `
## The same problems under other tools' names

| Frictionless / csvlint | plan-check |
|---|---|
| blank-label | blank-label |
| duplicate-label | duplicate-label |
| extra-label | unknown-label (a warning: unknown columns are ignored) |
| missing-label | missing-label |
| blank-row | blank-row |
| extra-cell | extra-cell |
| missing-cell | missing-cell |
| type-error | type |
| constraint-error | constraint, required |
| unique-error | unique |
| foreign-key | foreign-key |
| encoding-error | encoding |
| format-error | workbook, workbook-unreadable, header-not-found |
| source-error | source |
| csvlint: stray quote / unclosed quote | stray-quote / unclosed-quote |
| csvlint: line breaks | mixed-line-breaks |
| csvlint: title row | title-row (and notes-row, total-row) |
| csvlint: Excel file given as CSV | workbook-renamed, workbook |
`;
writeFileSync(new URL('../docs/codes.md', import.meta.url), codes);
console.log('wrote docs/columns*.md and docs/codes.md');
