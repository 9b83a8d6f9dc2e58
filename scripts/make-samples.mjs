#!/usr/bin/env node
// Writes data/samples/2025-12/ and the mid-term drop data/samples/2023-06/: one submission per
// reporting unit, and the city bureau's own (市本级, shiji.csv) for the targets only it reports, with Chinese headers, as
// county offices send them (most UTF-8 with BOM from Excel, Daoxian's in GB18030, one with
// thousands separators). The values are made up but plausible; a few sit exactly on a target
// to show that ties are judged exactly (6 of 10 towns is 60 %, 10 of 20 is not above 50 %).
// usage: node scripts/make-samples.mjs
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { parse } from 'yaml';

const schema = JSON.parse(readFileSync(new URL('../schemas/submission.schema.json', import.meta.url), 'utf8'));
const ids = Object.keys(schema.properties);

// file, code, name, then Table 2's columns in schema order (the columns beyond Table 2 follow below)
const units = [
  ['lingling', '431102', '零陵区', 2680, 720, 685, 6480, 6000, 4.5, 58300, 162000, 412, 412, '是', '是', 6120, 6120, 4830, 4830, 3100, 1760, 16, 11, 10, 980, 215, 182, 62],
  ['lengshuitan', '431103', '冷水滩区', 3150, 730, 695, 6600, 6120, 4.5, 69800, 189500, 538, 538, '是', '是', 5210, 5210, 4120, 4120, 3600, 2050, 18, 12, 12, 1120, 248, 214, 70],
  ['qiyang', '431181', '祁阳市', 3420, 700, 667, 6300, 5880, 4.5, 73500, 215000, 366, 366, '是', '是', 7350, 7350, 5880, 5880, 4200, 2390, 22, 14, 13, 1040, 286, 236, 66],
  ['dongan', '431122', '东安县', 2310, 690, 658, 6240, 5820, 4.5, 40200, 118000, 205, 205, '是', '是', 4630, 4630, 3520, 3520, 2300, 1290, 15, 9, 8, 690, 176, 143, 45],
  ['shuangpai', '431123', '双牌县', 1120, 680, 650, 6120, 5700, 4.5, 16100, 45600, 98, 98, '是', '是', 2050, 2050, 1580, 1580, 1050, 590, 10, 6, 6, 360, 92, 75, 22],
  ['daoxian', '431124', '道县', 2650, 690, 658, 6240, 5820, 4.5, 50600, 146000, 276, 276, '是', '是', 6410, 6410, 4900, 4895, 1000, 549, 18, 11, 10, 810, 214, 172, 50],
  ['jiangyong', '431125', '江永县', 1180, 680, 650, 6120, 5700, 4.5, 18400, 53800, 121, 121, '是', '是', 2380, 2380, 1760, 1760, 1080, 610, 9, 6, 5, 330, 88, 72, 24],
  ['ningyuan', '431126', '宁远县', 2840, 690, 658, 6240, 5820, 4.5, 56900, 163000, 302, 302, '是', '是', 6980, 6980, 5260, 5260, 2600, 1460, 20, 12, 10, 860, 236, 190, 54],
  ['lanshan', '431127', '蓝山县', 1460, 680, 650, 6120, 5700, 4.5, 24500, 70300, 143, 143, '是', '是', 3170, 3170, 2400, 2400, 1300, 740, 13, 8, 7, 430, 118, 96, 30],
  ['xintian', '431128', '新田县', 1390, 680, 650, 6120, 5700, 4.5, 23800, 68400, 131, 131, '是', '是', 3060, 3060, 2310, 2310, 1250, 700, 12, 8, 7, 410, 112, 90, 28],
  ['jianghua', '431129', '江华瑶族自治县', 2010, 690, 658, 6240, 5820, 4.5, 35800, 104000, 187, 187, '是', '是', 4520, 4520, 3380, 3380, 1800, 1010, 16, 10, 9, 600, 164, 133, 40],
  ['jingkaiqu', '431171', '永州经济技术开发区', 640, 730, 695, 6600, 6120, 5.2, 12600, 33500, 45, 45, '是', '是', 760, 760, 580, 580, 420, 240, 3, 2, 2, 210, 46, 38, 14],
  ['jindong', '431172', '金洞管理区', 420, 680, 650, 6120, 5700, 4.5, 6900, 19800, 18, 18, '否', '是', 690, 690, 520, 520, 260, 150, 6, 4, 4, 120, 28, 22, 8],
  ['huilongxu', '431173', '回龙圩管理区', 330, 680, 650, 6120, 5700, 4.5, 4100, 11700, 12, 12, '是', '是', 410, 410, 320, 320, 180, 100, 3, 2, 2, 90, 20, 16, 6],
];

// Allocations of the 专栏 boxes, from the plan itself: rule id -> unit code -> planned number.
const plan = parse(readFileSync(new URL('../data/plans/yongzhou-civil-affairs-14th.yaml', import.meta.url), 'utf8'));
const planned = (rule, code) => plan.rules.find((r) => r.id === rule).target_by_unit?.[code]?.value ?? '';
const ZONES = new Set(['431171', '431172', '431173']);

/** The columns beyond Table 2, for the unit at `i` of the list; a few targets missed on purpose. */
function beyondTable2(i, code, base) {
  const [urban, , rural] = base.slice(1, 4);
  const division = !ZONES.has(code);
  const only = (value) => (division ? value : '');
  const towns = base[18];
  const communities = [48, 56, 30, 22, 14, 25, 12, 24, 16, 15, 20, 14, 2, 3][i];
  const subdistricts = [7, 9, 4, 3, 1, 3, 1, 2, 2, 1, 2, 2, 0, 0][i];
  const miss = (name, value, by) => (code === name ? value - by : value);
  return {
    tekun_urban_standard: miss('431125', Math.ceil(urban * 1.3), 14),
    tekun_rural_standard: Math.ceil(rural * 1.3),
    dibao_new_applicants: 300 + 20 * i,
    dibao_new_applicants_verified: 300 + 20 * i,
    dibao_recipients: 5000 + 300 * i,
    dibao_recipients_rechecked: miss('431128', 5000 + 300 * i, 3),
    tekun_dispersed: 800 + 30 * i,
    tekun_dispersed_entrusted: 800 + 30 * i,
    tekun_centralised_need: 120 + 5 * i,
    tekun_centralised: miss('431127', 120 + 5 * i, 2),
    assistance_demo_stations: division ? 4 : 2,
    new_residential_areas: 10 + i,
    new_residential_compliant: 10 + i,
    disabled_elderly_care_institutions: only(code === '431128' ? 0 : 1),
    regional_elderly_centres: only(2 + (i % 2)),
    elderly_wellness_centres: code === '431173' ? 0 : 1,
    subdistricts,
    subdistricts_with_elderly_institution: subdistricts,
    urban_communities: communities,
    urban_communities_with_daycare: miss('431126', communities, 1),
    children_in_difficulty: 400 + 15 * i,
    children_with_file: 400 + 15 * i,
    minors_protection_institution: only('是'),
    child_workers: 150 + 10 * i,
    child_workers_trained: 150 + 10 * i,
    left_behind_children: 3000 + 100 * i,
    care_agreements_signed: miss('431122', 3000 + 100 * i, 30),
    child_care_social_orgs: only([3, 4, 5, 3, 3, 4, 2, 4, 3, 3, 6][i]),
    minors_platforms_built: planned('C4-14', code),
    children_demo_homes: division ? 75 : 20,
    community_committees: communities,
    committees_with_property_subcommittee: miss('431103', communities, 2),
    mental_rehab_institutions: code === '431123' ? 1 : planned('C6-08', code),
    mental_rehab_service: only(code === '431124' || code === '431125' ? '否' : '是'),
    disabled_care_institutions_built: planned('C6-15', code),
    funeral_home_area_built: code === '431126' ? 11000 : planned('C6-17', code),
    county_cemeteries_built: planned('C6-22', code),
    ash_facilities_built: planned('C6-23', code),
    rural_cemeteries_built: code === '431128' ? 9 : planned('C6-24', code),
    ash_halls_built: planned('C6-25', code),
    incubation_bases: only(1),
    township_incubation_places: division ? 9 : 1,
    towns_with_social_work_station: towns,
    demo_social_work_stations: division ? 4 : 2,
    social_work_staff_trained: 150,
    rescue_stations_built: planned('C6-12', code),
    orphan_standard: 1000 + 10 * (i % 3),
    orphan_standard_prev: code === '431127' ? 1010 : 950,
    child_welfare_institution_converted: only('是'),
    villages: towns * 15,
    villages_with_minor_post: miss('431181', towns * 15, 4),
    funeral_subsidy_schemes: only('是'),
    marriage_in_province: only('是'),
    enforcement_systems: code === '431172' ? '否' : '是',
    mental_rehab_institutions_built: planned('C6-08', code),
    minors_platform_beds_built: planned('C4-14', code) === '' ? '' : code === '431125' ? 50 : 60,
    cremation_funeral_home: only(code === '431124' ? '否' : '是'),
    tekun_minor_age_limit: only(code === '431128' ? 16 : 18),
    notification_commitment: '是',
    marriage_credit_system: only('是'),
    child_welfare_services_purchased: only('是'),
    spending_share: code === '431126' ? 3.0 : Number((3.2 + 0.1 * i).toFixed(1)),
    spending_share_prev: code === '431126' ? 3.2 : Number((3.1 + 0.1 * i).toFixed(1)),
  };
}

/** The city's own row (市本级): the targets only the city bureau reports. */
const CITY_OWN = {
  social_org_staff: 4500,
  social_work_professionals: 650,
  carer_training_bases: 1,
  child_rehab_building_area: 18000,
  child_rehab_building_beds: 320,
  mental_health_institutions: 1,
  mental_health_institution_beds: 200,
  city_funeral_home_area: 14000,
  city_incubation_base: 1,
  place_name_platform: '是',
  verification_system_upgraded: '是',
  rescue_info_system_upgraded: '是',
  mediation_committee: '是',
  digital_civil_affairs: '否',
  city_disabled_children_school_age: 40,
  city_disabled_children_in_school: 40,
  hotline_12349_merged: '是',
  legality_review_scheme: '是',
  law_education_plan: '是',
  boundary_inspection: '是',
  home_care_platform: '否',
  spending_share: 2.8,
  spending_share_prev: 2.7,
};

const quote = (cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/**
 * Writes one drop: a file per unit and the city bureau's own. `earlier` turns the 2025-12 figures
 * into an earlier period's: Table 2's columns (by index) and the columns beyond it.
 */
function writeDrop(period, earlier) {
  const dir = new URL(`../data/samples/${period}/`, import.meta.url);
  mkdirSync(dir, { recursive: true });
  units.forEach(([file, code, name, ...final], i) => {
    const values = earlier ? earlier.table2(final, code) : final;
    const beyond = earlier ? earlier.beyond(beyondTable2(i, code, final)) : beyondTable2(i, code, final);
    // A county's sheet has Table 2's columns and those beyond it, not the city bureau's own.
    const columns = [...ids.slice(0, 3 + values.length), ...ids.slice(3 + values.length).filter((id) => id in beyond)];
    const header = columns.map((id) => schema.properties[id].title);
    const cells = [code, name, period, ...values, ...columns.slice(3 + values.length).map((id) => beyond[id])].map(String);
    // Lengshuitan's sheet shows large numbers with thousands separators, as Excel exports them.
    const shown = file === 'lengshuitan' ? cells.map((c, i) => (i >= 3 && /^\d{5,}$/.test(c) ? Number(c).toLocaleString('en-US') : c)) : cells;
    const text = `${header.map(quote).join(',')}\r\n${shown.map(quote).join(',')}\r\n`;
    const bytes = file === 'daoxian' ? iconv.encode(text, 'gb18030') : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    writeFileSync(new URL(`${file}.csv`, dir), bytes);
  });
  // The city bureau's own file: its code, and only the columns of its own targets.
  const own = earlier ? earlier.cityOwn(CITY_OWN) : CITY_OWN;
  const cityIds = ['county_code', 'county_name', 'period', ...Object.keys(own)];
  const cityRow = ['431100', '永州市', period, ...Object.values(own)].map(String);
  writeFileSync(new URL('shiji.csv', dir), `\ufeff${cityIds.map((id) => quote(schema.properties[id].title)).join(',')}\r\n${cityRow.map(quote).join(',')}\r\n`);
  console.log(`wrote ${units.length + 1} files to data/samples/${period}/`);
}

writeDrop('2025-12');

// The mid-term drop (2023-06, 30 of the plan's 60 months): most units on schedule, some behind.
// Table 2's columns by index: 0 staff, 1-4 dibao standards, 6 floor area, 10-11 burial and marriage,
// 17 care beds, 19-20 towns with a centre or station, 21 social workers, 23 volunteer stations, 24 outlets.
const cumulative = new Set(ids.filter((id) => schema.properties[id]['x-measure'] === 'cumulative'));
writeDrop('2023-06', {
  table2: (v, code) =>
    v.map((x, i) => {
      if (i === 0) return Math.round(x * 0.85);
      if (i === 1 || i === 2) return x - 40;
      if (i === 3 || i === 4) return x - 450;
      if (i === 6) return Math.round(x * 0.93);
      if (i === 10) return code === '431125' || code === '431128' || code === '431172' ? '否' : x;
      if (i === 11) return code === '431123' || code === '431171' ? '否' : x;
      if (i === 17) return Math.round(x * 0.97);
      if (i === 19 || i === 20) return Math.max(x - 1, 0);
      if (i === 21) return Math.round(x * 0.8);
      if (i === 23) return Math.round(x * 0.9);
      if (i === 24) return x - 1;
      return x;
    }),
  // Counts since 2021 stand about half-way; the rest as in 2025-12.
  beyond: (b) => Object.fromEntries(Object.entries(b).map(([id, x]) => [id, cumulative.has(id) && typeof x === 'number' ? Math.floor(x / 2) : x])),
  cityOwn: (own) => ({ ...own, social_org_staff: 3800, social_work_professionals: 520, city_funeral_home_area: 7000, digital_civil_affairs: '否', place_name_platform: '否', law_education_plan: '否', boundary_inspection: '否' }),
});
