/**
 * `plan-check init DIR`: a plan folder to start from (plan, region, columns, a sample that meets
 * every target, a README), copied from the package's data/init, or (`--from`) from a plan to
 * start the next one from. Nothing is ever overwritten.
 */
import { copyFileSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { cannotWrite, makeFolders } from '../output.js';
import { packagePath } from '../paths.js';
import { registryFilePath } from '../registry.js';
import { schemaFilePath } from '../validate/columns.js';
import { builtinPlanIds, loadPlan, planFilePath } from './load.js';
import { readWrittenText } from './text.js';
import { parseYaml } from './yaml.js';
import { PLAN_FILE } from '../defaults.js';

const TEMPLATE = 'data/init';

/** The template's files, as paths relative to it. */
function templateFiles(dir = packagePath(TEMPLATE)): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? templateFiles(path).map((p) => join(entry.name, p)) : [entry.name];
  });
}

/** Writes a new plan folder into `dir` (created if needed), giving its files' paths as `dir` names them; a file already there is a usage error. */
export function initPlanFolder(dir: string): string[] {
  const files = templateFiles();
  refuseTaken(dir, files);
  for (const file of files) writeInto(dir, file, (target) => copyFileSync(packagePath(join(TEMPLATE, file)), target));
  return files.map((file) => join(dir, file));
}

/** Refuses a folder named as a built-in plan, one that is a file, or one that holds one of the files to write: init never overwrites. */
function refuseTaken(dir: string, files: readonly string[]): void {
  // A folder named as a built-in plan would never be the plan --plan names (the built-in one is found first).
  if (builtinPlanIds().includes(dir))
    throw new UsageError(`init ${dir}: a built-in plan has that name, which --plan ${dir} would name; give the folder another name`, {
      zh: `init ${dir}：内置规划已用此名，--plan ${dir} 会指向内置规划；请给文件夹另起名称`,
    });
  if (existsSync(dir) && !statSync(dir).isDirectory())
    throw new UsageError(`init ${dir}: a file of that name exists`, { zh: `init ${dir}：已有同名文件` });
  const taken = files.filter((file) => existsSync(join(dir, file)));
  if (taken.length > 0)
    throw new UsageError(
      `init ${dir}: ${taken.join(', ')} already there; plan-check init never overwrites a file (choose an empty folder)`,
      { zh: `init ${dir}：${taken.join('、')} 已存在；plan-check init 从不覆盖文件（请选择空文件夹）` },
    );
}

/** Writes one file of a new folder, its folders made first. */
function writeInto(dir: string, file: string, write: (target: string) => void): void {
  const target = join(dir, file);
  try {
    makeFolders(join(target, '..'));
    write(target);
  } catch (error) {
    // A part of the path that is a file (ENOTDIR), a folder not to be written in (EACCES), a full disk.
    throw cannotWrite(target, error);
  }
}

/** A file a plan names by path (or uses without naming it: the built-in region and columns), and the name its copy takes beside the plan's. */
interface Part {
  /** The plan's key for it. */
  key: (string | number)[];
  /** Whether the plan writes the key; else it is added to the copy. */
  named: boolean;
  source: string;
  name: string;
}

/** What a plan's id may be (schemas/plan.schema.json). */
const PLAN_ID = /^[a-z0-9][a-z0-9-]*$/;

/**
 * `plan-check init DIR --from PLAN`: a copy of a plan (a built-in id, a plan file or folder) to
 * start the next one from, such as a bureau's 15th plan from its 14th: its plan.yaml as written
 * (comments and all), with the region, the columns and the rosters' schemas it names copied beside
 * it and named so; its id the folder's name where that is an id; and a README of what to change.
 * Nothing is ever overwritten.
 */
export function copyPlanFolder(dir: string, from: string): string[] {
  const plan = planFilePath(from, 'from');
  // A plan that does not load is refused, its problems told: its copy would not load either.
  loadPlan(plan.path);
  const text = readWrittenText(plan.path, plan.shown);
  const yaml = parseYaml(text, plan.shown);
  const raw = yaml.value as { id: string; units?: unknown; submission?: unknown; rosters?: { schema?: unknown }[] };
  const parts: Part[] = [];
  const names = new Map<string, string>();
  const add = (key: Part['key'], written: unknown, source: string) => {
    let name = basename(source);
    // Two files of one name from two folders: the second gets a number.
    for (let n = 2; names.has(name) && names.get(name) !== source; n++)
      name = `${basename(source, extname(source))}-${n}${extname(source)}`;
    names.set(name, source);
    parts.push({ key, named: written !== undefined, source, name });
  };
  // Parts given inline (objects) stay in the plan; named ones, or the built-in ones it uses without naming them, are copied.
  if (typeof raw.units !== 'object') add(['units'], raw.units, registryFilePath(raw.units as string | undefined, plan.path));
  if (typeof raw.submission !== 'object')
    add(['submission'], raw.submission, schemaFilePath(raw.submission as string | undefined, plan.path));
  (raw.rosters ?? []).forEach(
    (roster, i) =>
      typeof roster.schema === 'string' && add(['rosters', i, 'schema'], roster.schema, schemaFilePath(roster.schema, plan.path)),
  );
  // The plan's text with the names of its copied parts, edited from its end so that earlier places hold.
  const edits: { range: [number, number]; text: string }[] = [];
  for (const part of parts) {
    const range = part.named ? yaml.range?.(part.key) : undefined;
    if (range) edits.push({ range, text: part.name });
  }
  const id = basename(resolve(dir));
  const idRange = yaml.range?.(['id']);
  if (PLAN_ID.test(id) && id !== raw.id && idRange) edits.push({ range: idRange, text: id });
  let copied = text;
  for (const { range, text: value } of edits.sort((a, b) => b.range[0] - a.range[0]))
    copied = `${copied.slice(0, range[0])}${value}${copied.slice(range[1])}`;
  const added = parts.filter((part) => !part.named);
  if (added.length > 0) copied = `${copied.trimEnd()}\n${added.map((part) => `${part.key[0]}: ${part.name}`).join('\n')}\n`;
  // A file two keys name (two rosters of one schema) is copied once.
  const copies = [...names].map(([name, source]) => ({ name, write: (target: string) => copyFileSync(source, target) }));
  const files: { name: string; write: (target: string) => void }[] = [
    { name: PLAN_FILE, write: (target) => writeFileSync(target, copied) },
    ...copies,
    {
      name: 'README.md',
      write: (target) =>
        writeFileSync(
          target,
          copiedReadme(
            raw.id,
            PLAN_ID.test(id) ? id : raw.id,
            copies.map((c) => c.name),
          ),
        ),
    },
  ];
  refuseTaken(
    dir,
    files.map((f) => f.name),
  );
  for (const file of files) writeInto(dir, file.name, file.write);
  return files.map((file) => join(dir, file.name));
}

/** The README of a copied plan: what the folder holds and what to change for the next plan. */
function copiedReadme(from: string, id: string, parts: readonly string[]): string {
  const listed = parts.map((part) => `\`${part}\``).join(', ');
  return `# ${id}

本文件夹由 \`plan-check init --from ${from}\` 写出：规划 ${from} 的副本（\`${PLAN_FILE}\`，注释照原样保留），以及它所用的地区和列（${listed}）。
编制下一期规划时，在 \`${PLAN_FILE}\` 中改写：\`id\`、\`title\`、\`period\`、\`baseline_year\`，以及每条规则的目标、期限（deadline）、基期值（baseline）和出处（source）。

\`\`\`sh
plan-check lint .                 # 本文件夹的全部问题，附 文件:行:列
plan-check template --plan .      # 供各单位填写的空白报送表
plan-check 报送数据/ --plan .      # 检查报送数据
\`\`\`

---

This folder was written by \`plan-check init --from ${from}\`: a copy of the plan ${from} (\`${PLAN_FILE}\`, its comments kept), and the region and columns it uses (${listed}).
For the next plan, change in \`${PLAN_FILE}\`: \`id\`, \`title\`, \`period\`, \`baseline_year\`, and each rule's target, deadline, baseline and source.

\`\`\`sh
plan-check lint .                 # every problem of this folder, with file:line:column
plan-check template --plan .      # a blank submission for the units to fill in
plan-check drops/ --plan .        # check the submissions
\`\`\`
`;
}
