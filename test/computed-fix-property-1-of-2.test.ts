/**
 * Runs 1, 3, 5, … of the computed-fix property (test/support/computed-fixes.ts): the
 * property is split over two files so that jest checks its runs in parallel workers.
 */
import { describeComputedFixes } from './support/computed-fixes';

describeComputedFixes({ index: 1, count: 2 });
