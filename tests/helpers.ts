/** Small factories for tests: submission rows, CSV text, temporary files. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { expect, inject } from 'vitest';
import { summarize, type Report } from '../src/check.js';
import type { Io } from '../src/io.js';
import { registry } from '../src/registry.js';
import { csvQuote } from '../src/report/escape.js';
import { columnSpecs } from '../src/validate/columns.js';
import { creditCheckCharacter } from '../src/validate/credit-code.js';

/** A row of a submission by column id; values as they would be typed in a cell. */
export type RowInput = Record<string, string | number | boolean | null>;

/** A complete, valid row for a unit: every Table-2 target met with some room. */
export function row(code: string, overrides: RowInput = {}): RowInput {
  return {
    county_code: code,
    county_name: registry().byCode.get(code)?.name ?? '',
    period: '2025-12',
    social_org_staff: 2500,
    urban_dibao_standard: 700,
    urban_dibao_standard_prev: 660,
    rural_dibao_standard: 6600,
    rural_dibao_standard_prev: 6000,
    consumption_growth_prev: 5,
    community_facility_area: 40000,
    households: 100000,
    stranded_identified: 100,
    stranded_returned: 100,
    public_burial_facility: '是',
    marriage_cross_province: '是',
    disabled_living_eligible: 3000,
    disabled_living_covered: 3000,
    disabled_care_eligible: 2000,
    disabled_care_covered: 2000,
    elderly_beds: 2000,
    care_beds: 1200,
    towns: 10,
    towns_with_elderly_center: 7,
    towns_with_minor_station: 6,
    social_work_professionals: 800,
    community_facilities: 100,
    facilities_with_volunteer_station: 90,
    lottery_outlets: 40,
    ...overrides,
  };
}

/** Rows for all 14 units; `overrides` by unit code. */
export function allUnits(overrides: Record<string, RowInput> = {}, common: RowInput = {}): RowInput[] {
  return registry().units.map((unit) => row(unit.code, { ...common, ...overrides[unit.code] }));
}

/** The built-in columns' labels by id, read once: the corpus of bad inputs writes thousands of rows. */
let builtinLabels: ReadonlyMap<string, string> | undefined;

/** CSV text of rows; headers are the column ids, or the Chinese labels with `chinese`. */
export function csv(rows: RowInput[], options: { chinese?: boolean; eol?: string } = {}): string {
  const ids = Object.keys(rows[0] ?? row('431102'));
  const labels = (builtinLabels ??= new Map(columnSpecs().map((c) => [c.id, c.label])));
  const eol = options.eol ?? '\n';
  const header = ids.map((id) => (options.chinese ? (labels.get(id) ?? id) : id));
  const lines = [header, ...rows.map((r) => ids.map((id) => (r[id] === null || r[id] === undefined ? '' : String(r[id]))))];
  return lines.map((cells) => cells.map(csvQuote).join(',')).join(eol) + eol;
}

/** A fresh temporary directory. */
/** GB 32100's characters, in the order of their values. */
export const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A unified social credit code of 17 characters and the check character they call for, or (`wrong`) the one after it. */
export function creditCode(first17: string, wrong = false): string {
  const check = creditCheckCharacter(first17)!;
  return first17 + (wrong ? CREDIT_ALPHABET[(CREDIT_ALPHABET.indexOf(check) + 1) % 31]! : check);
}

/** A fresh folder under the suite's temporary folder (global-setup.ts), which is removed when the suite ends. */
export function tempDir(): string {
  return mkdtempSync(join(inject('tempRoot'), 'test-'));
}

/** Writes files (their names may hold folders) into a fresh temporary directory and returns its path. */
export function writeFiles(files: Record<string, string | Uint8Array>): string {
  const dir = tempDir();
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** The built CLI. */
export const BIN = new URL('../bin/plan-check.cjs', import.meta.url).pathname;

/** What a run of the built CLI gave: its exit code and both streams. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI as a user or a CI job does, for what only a process shows (exit codes,
 * streams, no stack trace): no colour, an English C locale unless `env` says otherwise. Whatever
 * happens, a user never sees a stack trace, unless asking with --debug.
 */
export function runCli(args: readonly string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    input: options.input,
    env: { ...process.env, NO_COLOR: '1', LANG: 'C', LC_ALL: '', FORCE_COLOR: '', ...options.env },
    // A run that hangs fails its test (no exit code) rather than the suite's.
    timeout: 25_000,
  });
  if (!args.includes('--debug')) expect(result.stderr, 'a stack trace').not.toMatch(/^\s+at /m);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs the command line in-process (src/cli.ts run()) as runCli runs the built one: the same
 * environment, standard input, working folder, both streams and exit code, without the start of a
 * process (a tenth of a second a run). For what a command does; runCli where the process is the
 * point (the bundle, a terminal, signals, a stack trace never printed, what Node does at exit).
 */
export async function runInProcess(
  args: readonly string[],
  options: { cwd?: string; input?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  const { run } = await import('../src/cli.js');
  const out: Buffer[] = [];
  let stderr = '';
  const io: Io = {
    out: (text) => void out.push(Buffer.from(text)),
    err: (text) => void (stderr += text),
    env: { ...process.env, NO_COLOR: '1', LANG: 'C', LC_ALL: '', FORCE_COLOR: '', ...options.env },
    outTerminal: () => undefined,
    errTerminal: () => undefined,
    stdin: Readable.from(options.input === undefined ? [] : [Buffer.from(options.input)]),
  };
  const home = process.cwd();
  if (options.cwd) process.chdir(options.cwd);
  try {
    const code = await run(['node', 'plan-check', ...args], io);
    if (!args.includes('--debug')) expect(stderr, 'a stack trace').not.toMatch(/^\s+at /m);
    return { code, stdout: Buffer.concat(out).toString('utf8'), stderr };
  } finally {
    process.chdir(home);
  }
}

/**
 * What a report says, a line each result, each problem (with the code and parameters its message
 * and fix are made from) and the rest (files, counts, summary), all but the plan and region it was
 * checked against: what the reports render is made from these alone. Two reports are held equal
 * line by line (firstDifference), without rendering or joining the text of thousands of problems.
 */
export function reportLines(report: Report): string[] {
  const rest = {
    ...report,
    plan: report.plan.id,
    registry: undefined,
    places: undefined,
    history: undefined,
    results: report.results.length,
    issues: report.issues.length,
    summary: summarize(report),
  };
  return [
    ...report.results.map((result) => JSON.stringify(result)),
    ...report.issues.map((found) => JSON.stringify(found)),
    JSON.stringify(rest),
  ];
}

/** Where two reports' lines (reportLines) first differ, and each one's line there; undefined where they are the same. */
export function firstDifference(
  a: readonly string[] = [],
  b: readonly string[] = [],
): { at: number; a: string | undefined; b: string | undefined } | undefined {
  for (let at = 0; at < Math.max(a.length, b.length); at++) if (a[at] !== b[at]) return { at, a: a[at], b: b[at] };
  return undefined;
}
