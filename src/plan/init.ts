/**
 * `plan-check init DIR`: a plan folder to start from (plan, region, columns, a sample that meets
 * every target, a README), copied from the package's data/init. Nothing is ever overwritten.
 */
import { copyFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { cannotWrite, makeFolders } from '../output.js';
import { packagePath } from '../paths.js';

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
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`init ${dir}: a file of that name exists`, { zh: `init ${dir}：已有同名文件` });
  const files = templateFiles();
  const taken = files.filter((file) => existsSync(join(dir, file)));
  if (taken.length > 0) throw new UsageError(`init ${dir}: ${taken.join(', ')} already there; plan-check init never overwrites a file (choose an empty folder)`, { zh: `init ${dir}：${taken.join('、')} 已存在；plan-check init 从不覆盖文件（请选择空文件夹）` });
  for (const file of files) {
    const target = join(dir, file);
    try {
      makeFolders(join(target, '..'));
      copyFileSync(packagePath(join(TEMPLATE, file)), target);
    } catch (error) {
      // A part of the path that is a file (ENOTDIR), a folder not to be written in (EACCES), a full disk.
      throw cannotWrite(target, error);
    }
  }
  return files.map((file) => join(dir, file));
}
