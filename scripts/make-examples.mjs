#!/usr/bin/env node
// Writes the sample drops of the example plans (examples/*/drops/): made-up figures, as a
// province's or a county's offices would send them. The province's come in GBK (Excel's CSV on
// Chinese Windows) with a title row and a 全省合计 row; the county's in UTF-8 with BOM, with a
// title row and a 全县合计 row. The figures are illustrations, not anyone's data.
// usage: node scripts/make-examples.mjs
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { parse } from 'yaml';

const root = new URL('../examples/', import.meta.url);
const quote = (cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/** Writes one drop: a title row, the header of the schema's labels, a row per unit, a total row. */
function writeDrop(example, period, file, title, rows, totalWord, encode) {
  const schema = JSON.parse(readFileSync(new URL(`${example}/submission.schema.json`, root), 'utf8'));
  const units = parse(readFileSync(new URL(`${example}/units.yaml`, root), 'utf8')).units;
  const ids = Object.keys(schema.properties);
  const numeric = ids.slice(3).filter((id) => [].concat(schema.properties[id].type).includes('integer'));
  const lines = [[title], ids.map((id) => schema.properties[id].title)];
  for (const [i, unit] of units.entries()) lines.push([unit.code, unit.name, period, ...rows[i].map(String)]);
  // The total row, as Excel sheets have it: sums of the count columns, nothing else.
  lines.push([
    totalWord,
    '',
    period,
    ...ids
      .slice(3)
      .map((id, j) => (numeric.includes(id) ? String(rows.reduce((s, r) => s + (typeof r[j] === 'number' ? r[j] : 0), 0)) : '')),
  ]);
  const text = `${lines.map((cells) => cells.map(quote).join(',')).join('\r\n')}\r\n`;
  const dir = new URL(`${example}/drops/${period}/`, root);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL(file, dir), encode(text));
  console.log(`wrote examples/${example}/drops/${period}/${file}`);
}

// Province: beds, care beds, urban standard (per month), rural standard (per year), social workers,
// townships, townships with a station, cross-province marriage registration; one row per 市州 in
// the order of units.yaml.
const province2025 = [
  [12000, 7000, 900, 8400, 9000, 170, 170, '是'],
  [6000, 3300, 760, 6840, 4200, 110, 110, '是'],
  [4000, 2200, 750, 6750, 3000, 70, 70, '是'],
  [9000, 4900, 700, 6300, 6100, 180, 180, '是'],
  [8000, 4300, 640, 5600, 5200, 200, 198, '是'],
  [7000, 3900, 700, 6300, 4800, 140, 140, '是'],
  [7500, 4125, 690, 6210, 5000, 160, 160, '是'],
  [2000, 1050, 650, 5700, 1200, 80, 80, '否'],
  [5000, 2760, 660, 5940, 3800, 100, 100, '是'],
  [6500, 3600, 700, 6300, 4500, 150, 150, '是'],
  [6400, 3500, 680, 6120, 4400, 180, 180, '是'],
  [5500, 3000, 640, 5760, 3900, 190, 190, '是'],
  [4500, 2500, 660, 5940, 3200, 90, 90, '是'],
  [3000, 1600, 620, 5300, 1900, 120, 115, '否'],
];
// Two years earlier: fewer care beds, lower standards, fewer social workers and stations.
const province2023 = province2025.map(([beds, care, urban, rural, workers, towns, stations, marriage], i) => [
  beds,
  Math.round(care * (i % 3 === 0 ? 0.97 : 0.95)),
  urban - 40,
  rural - 300,
  Math.round(workers * 0.85),
  towns,
  stations - (i % 4 === 1 ? 3 : 0),
  i === 2 ? '否' : marriage,
]);
const gbk = (text) => iconv.encode(text, 'gb18030');
writeDrop('province', '2023', '湖南省民政统计2023.csv', '湖南省民政事业主要指标统计表（2023年）', province2023, '全省合计', gbk);
writeDrop('province', '2025', '湖南省民政统计2025.csv', '湖南省民政事业主要指标统计表（2025年）', province2025, '全省合计', gbk);

// County: villages, villages with a station, 特困 persons, of whom in institutions, stations built
// since 2021; one row per township in the order of units.yaml.
const county2025 = [
  [20, 20, 80, 40, 2],
  [12, 12, 20, 5, 1],
  [10, 10, 18, 4, 1],
  [18, 18, 60, 26, 2],
  [15, 15, 50, 20, 1],
  [9, 9, 40, 16, 1],
  [16, 15, 55, 23, 2],
  [14, 14, 45, 18, 1],
  [13, 13, 38, 16, 1],
  [8, 8, 30, 12, 1],
  [17, 17, 52, 21, 2],
  [7, 7, 25, 10, 1],
  [6, 6, 22, 9, 1],
  [12, 12, 44, 18, 1],
  [8, 8, 26, 10, 1],
];
const county2024 = county2025.map(([villages, stations, tekun, centralised, built], i) => [
  villages,
  stations - (i % 5 === 0 ? 2 : 1),
  tekun,
  centralised - 2,
  Math.max(built - (i % 2), 0),
]);
const bom = (text) => Buffer.from(`\ufeff${text}`, 'utf8');
writeDrop('county', '2024-06', '青山县2024年6月.csv', '青山县民政事业统计表（2024年6月）', county2024, '全县合计', bom);
writeDrop('county', '2025-12', '青山县2025年12月.csv', '青山县民政事业统计表（2025年12月）', county2025, '全县合计', bom);
