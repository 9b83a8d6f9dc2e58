import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Test files that spend their time waiting on another program (Chromium), begun first so that the other files fill that wait. */
const WAITING = /[\\/]browser\.test\.ts$/;

/**
 * Vitest's order (the longest first, by the durations of the last run where it has them; on a
 * fresh clone, by file size), but for the files that wait on another program, which come first:
 * on a fresh clone the browser test, a short file of 5 s, came last, ending the run alone.
 */
class WaitingFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return [...sorted.filter((file) => WAITING.test(file.moduleId)), ...sorted.filter((file) => !WAITING.test(file.moduleId))];
  }
}

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    globalSetup: ['tests/global-setup.ts'],
    // Every core: on the 2-core machines of CI vitest would otherwise run one test file at a time.
    maxWorkers: availableParallelism(),
    // The files of a worker share its loaded modules (the library keeps no state a test could
    // leave behind: its caches hold parsed schemas and plans), instead of loading them again each.
    isolate: false,
    sequence: { sequencer: WaitingFirst },
    // The CLI runs the tests start never open a connection: Node need not load the certificates a
    // machine's NODE_EXTRA_CA_CERTS names, which it does as it starts, before any script (46 ms a
    // run on a machine that names a 220 KB bundle).
    env: { NODE_EXTRA_CA_CERTS: '' },
    // Modules as Vite transformed them kept in node_modules/.experimental-vitest-cache, by their text and the
    // configuration, for the next run (a rerun transforms nothing: 4.2 s less of the main process's work, 3 s of the wall).
    experimental: { fsModuleCache: true },
  },
});
