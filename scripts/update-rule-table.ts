// Rewrites README.md's rule table from the rule list (npx projen docs:rules).
import * as fs from 'fs';
import * as path from 'path';
import { ALL_RULES } from '../lib/check/rule-registry';
import { withRuleTable } from '../lib/check/rule-table';

const readme = path.join(__dirname, '..', 'README.md');
fs.writeFileSync(readme, withRuleTable(fs.readFileSync(readme, 'utf-8'), ALL_RULES));
