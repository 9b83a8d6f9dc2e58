import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

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
    // The CLI runs the tests start never open a connection: Node need not load the certificates a
    // machine's NODE_EXTRA_CA_CERTS names, which it does as it starts, before any script (46 ms a
    // run on a machine that names a 220 KB bundle).
    env: { NODE_EXTRA_CA_CERTS: '' },
  },
});
