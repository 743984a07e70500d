/**
 * Runs 2, 4, 6, … of the computed-fix property (test/support/computed-fixes.ts): the
 * property is split over two files so that jest checks its runs in parallel workers.
 */
import { describeComputedFixes } from './support/computed-fixes';

describeComputedFixes({ index: 2, count: 2 });
