import * as fs from 'fs';
import { cdk, javascript } from 'projen';

const project = new cdk.JsiiProject({
  name: 'cdk-multisite',
  description:
    'Constructs for services that run across several datacenters: sites, witnesses, distributed SQL, global traffic. Refuses at synth any design that cannot survive the loss of one site.',
  author: 'cdk-multisite maintainers',
  authorAddress: 'maintainers@cdk-multisite.dev',
  repositoryUrl: 'https://github.com/cdk-multisite/cdk-multisite.git',
  defaultReleaseBranch: 'main',
  keywords: ['cdk8s', 'cdktf', 'multi-site', 'active-active', 'quorum', 'cockroachdb', 'gslb'],
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  // What the package ships is an allowlist (the `files` field below), not an .npmignore.
  npmignoreEnabled: false,
  jsiiVersion: '~6.0.0',
  // CI runs Node 20: commit-and-tag-version 13 (projen's default bump tool) and its
  // conventional-recommended-bump 12 require Node >= 22 and made `npm ci` warn; 12.x supports Node >= 18.
  bumpPackage: 'commit-and-tag-version@^12',

  // Sources live in lib/ and compile in place (the aws-cdk layout).
  srcdir: 'lib',
  libdir: 'lib',

  peerDeps: [
    'constructs@^10.4.2',
    'cdk8s@^2.70.0',
    'cdk8s-plus-28@^2.5.6',
    'cdktf@0.21.0',
    '@cdktf/provider-aws@20.1.0',
  ],
  devDeps: [
    'cdk8s-cli@^2.207.0',
    'ajv@^8.17.0',
    'ajv-formats@^3.0.1',
    'ajv-draft-04@^1.0.0',
    'fast-check@^4.0.0',
    'yaml@^2.8.0',
  ],

  publishToPypi: {
    distName: 'cdk-multisite',
    module: 'cdk_multisite',
  },

  jestOptions: {
    // Snapshots change only when someone runs `npx projen test -u` and reads the diff.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      // The lab example is a separate cdk8s app with its own tsconfig.
      // test/slow/ holds the suites that run real servers (Terraform against moto): `npx projen test:slow`.
      // test/failure-lab/ starts real MariaDB Galera and etcd in network namespaces: `npx projen test:failure-lab`.
      testPathIgnorePatterns: ['/node_modules/', '/examples/', '/test/slow/', '/test/failure-lab/'],
      // lib/ compiles in place: prefer the TypeScript sources over stale .js beside them.
      moduleFileExtensions: ['ts', 'tsx', 'js', 'json', 'node'],
      coverageReporters: ['text-summary'],
      // Jest's default is one worker less than the cores: on CI's two cores that is one, and jest then
      // runs every file in band in one process. Two workers use both cores; the parent only reports.
      maxWorkers: '100%',
      // synth's warnings, printed to stderr for every design a test synthesizes, stay out of the log;
      // the output folders tests make with tempOutdir() are removed after each file.
      setupFilesAfterEnv: ['<rootDir>/test/support/quiet-synth-warnings.ts', '<rootDir>/test/support/remove-temp-outdirs.ts'],
    },
  },
  tsconfigDev: {
    compilerOptions: {},
    exclude: ['examples'],
  },
  eslintOptions: {
    dirs: ['lib'],
    devdirs: ['test', 'build-tools', 'bench'],
    ignorePatterns: ['lib/imports/**', 'examples/**', '*.d.ts', '*.js'],
    // `npx projen test` lints without rewriting sources; `npx projen lint:fix` fixes.
    commandOptions: { fix: false },
  },
  gitignore: ['/examples/*/dist/', '/examples/*/cdk8s.out/', '/examples/*/node_modules/', '/.venv/', '/cdktf.out/', '__pycache__/'],
});

// The layering of lib/ (see ../shared/DESIGN.md), enforced: lint fails on a wrong-way import.
const engineFolders = fs.readdirSync('lib/engines', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
project.eslint?.addRules({
  'import/no-restricted-paths': ['error', {
    zones: [
      { target: './lib/core', from: './lib', except: ['./core'], message: 'lib/core imports nothing from the library.' },
      { target: './lib/model', from: './lib', except: ['./model', './core'], message: 'The model imports only the core types.' },
      { target: './lib/analysis', from: './lib', except: ['./analysis', './model', './core'], message: 'Analysis reads only the model.' },
      {
        target: './lib/network-policy',
        from: './lib',
        except: ['./network-policy', './model', './core'],
        message: 'The NetworkPolicy evaluator reads plain objects and the model\'s CIDR arithmetic; it imports no writer, rule or engine.',
      },
      {
        target: './lib/rules',
        from: ['./lib/k8s', './lib/terraform', './lib/report', './lib/synth', './lib/engines'],
        message: 'Core rules read the analyzed model; they never import writers, the report, synth or an engine.',
      },
      {
        target: ['./lib/k8s', './lib/terraform', './lib/report', './lib/engines/*/writer.ts'],
        from: ['./lib/rules/**', './lib/engines/*/rules/**'],
        message: 'Writers and the report never import rules.',
      },
      { target: './lib/report', from: ['./lib/engines', './lib/synth', './lib/check'], message: 'The report gets engine sections from synth; it never imports an engine.' },
      {
        target: './lib/check',
        from: ['./lib/synth/**', './lib/placement/**', './lib/report/**', './lib/terraform/**', './lib/*.ts'],
        message: 'The design check (analysis entry, rule registry, acknowledgement) reads the model, the engines and the writers\' kit; synth, the placement search and the public constructs call it, never the other way.',
      },
      {
        target: './lib/placement',
        from: ['./lib/synth/**', './lib/*.ts'],
        message: 'The placement search runs the check; synth and the public constructs call it, never the other way.',
      },
      { target: ['./lib/engines', './lib/k8s', './lib/rules'], from: './lib/check', message: 'Engines, rules and the writers\' kit sit below the design check; they never import it.' },
      ...engineFolders.map((engine) => ({
        target: `./lib/engines/${engine}`,
        from: [...engineFolders.filter((other) => other !== engine).map((other) => `./lib/engines/${other}`), './lib/engines/registry.ts'],
        message: 'An engine never imports another engine (or the registry); shared engine code lives in lib/engines/*.ts.',
      })),
    ],
  }],
});

// No circle of imports in lib/ (test/import-graph.test.ts also checks the circles between folders and the layer order).
project.eslint?.addRules({ 'import/no-cycle': ['error', { ignoreExternal: true }] });

// Test output a person can read: coverage as a summary line, the full table in coverage/coverage.txt.
project.tryFindObjectFile('package.json')?.addOverride('jest.coverageReporters', ['text-summary', ['text', { file: 'coverage.txt' }]]);

// Node 20 makes jsii print an end-of-life banner on every run.
// Terraform is written only for GSLB zones delegated by Terraform and anycast VIPs with AWS edge
// regions: cdktf and the AWS provider bindings (360 MB) are optional, and the rule
// MS-TERRAFORM-PACKAGES refuses a design that needs them when they are missing.
project.package.addField('peerDependenciesMeta', {
  'cdktf': { optional: true },
  '@cdktf/provider-aws': { optional: true },
});
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// The package ships only what an app runs and reads: the compiled library, its type declarations,
// the jsii assembly (jsii-pacmak and the jsii runtimes load `.jsii` from the tarball), the report's
// JSON Schema and API.md. npm adds package.json, README.md and LICENSE itself
// (https://docs.npmjs.com/cli/v10/configuring-npm/package-json#files). No tests, examples, CI
// scripts, bench or TypeScript sources.
project.package.addField('files', [
  'lib/**/*.js',
  'lib/**/*.d.ts',
  'lib/report/report.schema.json',
  '.jsii',
  'API.md',
]);
// npm pack lists every packed file at the `notice` level (616 lines); `warn` keeps the repository's
// npm commands to warnings, errors and their own output (`npm pack` prints the tarball's name;
// `--loglevel notice` lists the files).
project.npmrc.addConfig('loglevel', 'warn');
// jsii-pacmak writes an .npmignore on every packaging run (jsii-pacmak/lib/npm-modules.js,
// updateNpmIgnore); `files` overrides it at the package root, so it is not kept.
project.gitignore.exclude('/.npmignore');
// What other packages may import: the library's entry point (with a `default` condition, so the jsii
// kernel's require() of it works: aws/jsii#4259), its jsii assembly and package.json (read by jsii tools),
// and the report's JSON Schema (README "report.json"). Deep imports of lib/ files are not part of the API.
project.package.addField('exports', {
  '.': { types: './lib/index.d.ts', default: './lib/index.js' },
  './.jsii': './.jsii',
  './package.json': './package.json',
  './lib/report/report.schema.json': './lib/report/report.schema.json',
});

// jsii-pacmak's own Python build pins setuptools/build/twine versions that the local
// package mirror lacks: generate the sources, then build the wheel without isolation.
const packagePython = project.tasks.tryFind('package:python');
packagePython?.reset();
packagePython?.exec('jsii-pacmak -v --target python --code-only -o dist/pacmak');
packagePython?.exec('bash scripts/build-python-wheel.sh dist/pacmak/python dist/python');

project.addTask('lint:fix', {
  description: 'Runs eslint and fixes what it can in place (the eslint task that the tests run only reports)',
  steps: [{ spawn: 'eslint', args: ['--fix'], receiveArgs: true }],
});

project.addTask('test:slow', {
  description: 'Suites that run real software: Terraform init/validate/apply/plan/destroy against a local AWS API (moto), and the README\'s "Use it in your repository" from a packed tarball in a new app',
  exec: "jest --ci --coverage=false --testPathIgnorePatterns='/node_modules/' --testPathPatterns='test/slow/'",
});

project.addTask('test:failure-lab', {
  description: 'The failure labs: the Galera metro example on real mariadbd + garbd, and control-plane placements on real etcd, in network namespaces (root; run scripts/failure-lab-setup.sh first)',
  env: { MSL_FAILURE_LAB: '1' },
  // In band: the labs share the namespace names and a machine-wide lock, so they run one after the other.
  exec: "jest --ci --coverage=false --runInBand --testPathIgnorePatterns='/node_modules/' --testPathPatterns='test/failure-lab/'",
});

project.addTask('bench', {
  description: 'Scale bench: cdk-multisite synth against the same output written with cdk8s and cdktf (3 to 100 sites), growth to 3,000 sites, and which targets hold',
  steps: [
    { spawn: 'compile' },
    { exec: 'ts-node --transpile-only bench/synth-bench.ts', receiveArgs: true },
  ],
});
project.addTask('bench:profile', {
  description: 'The bench, then call counts and a CPU profile summary of A at the largest size',
  steps: [
    { spawn: 'compile' },
    { exec: 'ts-node --transpile-only bench/synth-bench.ts --profile', receiveArgs: true },
  ],
});

// The bench runs under ts-node --transpile-only: type-check it with the tests so it cannot rot.
const typecheckBench = project.addTask('typecheck:bench', {
  description: 'Type-checks bench/ (its own tsconfig; the bench itself is not run by the tests)',
  exec: 'tsc -p bench/tsconfig.json',
});
project.testTask.spawn(typecheckBench);

project.addTask('check:python', {
  description: 'Type-check the Python lab against the generated bindings with mypy (the jsii runtime is not installable here)',
  exec: 'bash scripts/check-python.sh',
});

project.addTask('docs:rules', {
  description: "Rewrites README.md's rule table from the rule list (a test checks that they match)",
  steps: [
    { spawn: 'compile' },
    { exec: 'ts-node --transpile-only -P test/tsconfig.json scripts/update-rule-table.ts' },
  ],
});

// lib/imports/ is made by `cdk8s import` from the CRDs in ../shared/schemas, listed in lib/k8s/crd-bindings.json
// and each engine's lib/engines/<engine>/crd-bindings.json. Regenerating takes about 20 s, so the
// check that the committed bindings match runs in CI (.ci/run), not in every test run.
project.addTask('import:crds', {
  description: 'Regenerates lib/imports/ from ../shared/schemas with cdk8s import (the lists: lib/k8s/crd-bindings.json, lib/engines/*/crd-bindings.json)',
  exec: 'ts-node --transpile-only -P test/tsconfig.json scripts/import-crds.ts',
});
project.addTask('check:crds', {
  description: 'Fails when lib/imports/ differs from what import:crds makes of the CRDs (CI runs it)',
  exec: 'ts-node --transpile-only -P test/tsconfig.json scripts/import-crds.ts --check',
});

project.addTask('synth:lab', {
  description: 'Compile the library and synthesize the seed-000 lab into examples/lab/dist',
  steps: [
    { spawn: 'compile' },
    { exec: 'npx cdk8s synth --no-check-upgrade', cwd: 'examples/lab' },
  ],
});

project.synth();
