/**
 * Before the suite: builds dist/ (its JSON of the shipped plans, and the bundle the command line
 * runs) when a source or a shipped file is newer than the build (or there is none), so that
 * `npx vitest` never runs the CLI tests against a stale build; and makes the one temporary folder
 * the tests' files are written under (helpers.ts tempDir), removed when the suite ends.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder under which the tests write their files. */
    tempRoot: string;
  }
}

/** The newest modification time of the files under a folder. */
function newest(folder: string): number {
  let latest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

export default function setup(project: TestProject): () => void {
  const built = 'dist/bundle.cjs';
  const stale =
    !existsSync(built) ||
    statSync(built).mtimeMs <
      Math.max(
        newest('src'),
        newest('data'),
        newest('schemas'),
        statSync('tsconfig.build.json').mtimeMs,
        statSync('bin/plan-check.cjs').mtimeMs,
        statSync('scripts/bundle.mjs').mtimeMs,
      );
  if (stale) {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
    execFileSync(process.execPath, ['scripts/shipped-json.mjs'], { stdio: 'inherit' });
    execFileSync(process.execPath, ['scripts/bundle.mjs'], { stdio: 'inherit' });
  }
  const root = mkdtempSync(join(tmpdir(), 'plan-check-tests-'));
  project.provide('tempRoot', root);
  return () => rmSync(root, { recursive: true, force: true });
}
