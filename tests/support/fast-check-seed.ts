/** Setup file: every fast-check property of the run draws from this run's seed (TEST_SEED to replay). */
import fc from 'fast-check';
import { testSeed } from './test-seed.js';

fc.configureGlobal({ seed: testSeed() });
