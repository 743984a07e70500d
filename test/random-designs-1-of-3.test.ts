/**
 * Runs 1, 4, 7, … of the random-design property (test/support/random-designs.ts): the
 * property is split over three files so that jest checks its runs in parallel workers.
 */
import { describeRandomDesigns } from './support/random-designs';

describeRandomDesigns({ index: 1, count: 3 });
