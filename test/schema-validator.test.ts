import { formatProblems, schemasAvailable, schemasDir, SchemaProblem, validateManifest, validateYamlText } from './support/schema-validator';

const available = schemasAvailable();
const describeSchemas = available ? describe : describe.skip;

describe('schema suite availability', () => {
  if (available) {
    test(`upstream schemas found in ${schemasDir()}`, () => {
      expect(schemasAvailable()).toBe(true);
    });
  } else if (process.env.CI === 'true') {
    test('upstream schemas are required under CI', () => {
      throw new Error(`Kubernetes schemas not found in ${schemasDir()}: the schema suite cannot run, and CI must not pass without it.`);
    });
  } else {
    // eslint-disable-next-line no-console
    console.warn(`Kubernetes schema suite NOT RUN: schemas not found in ${schemasDir()} (set MULTISITE_SCHEMAS_DIR, or run under CI=true to make this fail).`);
    test.skip(`schema suite NOT RUN: upstream schemas not found in ${schemasDir()} (this fails under CI=true)`, () => {});
  }
});

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

const labels = { 'app.kubernetes.io/name': 'crdb', 'cdk-multisite/site': 'dc-a' };

function statefulSet(): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'crdb-dc-a', namespace: 'crdb', labels },
    spec: {
      replicas: 3,
      serviceName: 'crdb-dc-a',
      podManagementPolicy: 'Parallel',
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          securityContext: { runAsNonRoot: true, fsGroup: 1000 },
          containers: [{
            name: 'cockroachdb',
            image: 'cockroachdb/cockroach:v23.1.11',
            imagePullPolicy: 'IfNotPresent',
            args: ['start', '--locality=zone=dc-a'],
            ports: [{ name: 'grpc', containerPort: 26257 }, { name: 'http', containerPort: 8080 }],
            resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { cpu: 2, memory: '4096Mi' } },
            readinessProbe: { httpGet: { path: '/health?ready=1', port: 'http' }, periodSeconds: 5 },
            volumeMounts: [{ name: 'datadir', mountPath: '/cockroach/cockroach-data' }, { name: 'certs', mountPath: '/certs' }],
          }],
          volumes: [{ name: 'certs', secret: { secretName: 'crdb-node-certs', defaultMode: 288 } }],
        },
      },
      volumeClaimTemplates: [{
        metadata: { name: 'datadir' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } },
      }],
    },
  };
}

const service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'crdb-dc-a', namespace: 'crdb', labels },
  spec: {
    clusterIP: 'None',
    publishNotReadyAddresses: true,
    selector: labels,
    ports: [{ name: 'grpc', port: 26257, targetPort: 26257 }, { name: 'http', port: 8080, targetPort: 'http' }],
  },
};

const podDisruptionBudget = {
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: 'crdb', namespace: 'crdb' },
  spec: { maxUnavailable: 2, selector: { matchLabels: labels } },
};

const networkPolicy = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'crdb-allow-peers', namespace: 'crdb' },
  spec: {
    podSelector: { matchLabels: labels },
    policyTypes: ['Ingress'],
    ingress: [{
      from: [{ podSelector: { matchLabels: labels } }, { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }],
      ports: [{ protocol: 'TCP', port: 26257 }, { port: 'http' }],
    }],
  },
};

const job = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'crdb-init', namespace: 'crdb' },
  spec: {
    backoffLimit: 4,
    ttlSecondsAfterFinished: 600,
    template: {
      spec: {
        restartPolicy: 'OnFailure',
        containers: [{ name: 'init', image: 'cockroachdb/cockroach:v23.1.11', command: ['/cockroach/cockroach', 'init'] }],
      },
    },
  },
};

function ipAddressPool(): any {
  return {
    apiVersion: 'metallb.io/v1beta1',
    kind: 'IPAddressPool',
    metadata: { name: 'crdb-vip', namespace: 'metallb-system', labels },
    spec: { addresses: ['10.0.0.1/32'], autoAssign: false },
  };
}

function mariaDb(): any {
  return {
    apiVersion: 'k8s.mariadb.com/v1alpha1',
    kind: 'MariaDB',
    metadata: { name: 'mariadb', namespace: 'db' },
    spec: {
      replicas: 3,
      galera: { enabled: true },
      storage: { size: '10Gi' },
      resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: 2, memory: '4096Mi' } },
    },
  };
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));
const paths = (problems: SchemaProblem[]) => problems.map(p => p.path);

/** Expect no problems, printing them readably if there are some. */
function expectValid(obj: any) {
  expect(formatProblems(validateManifest(obj))).toBe('');
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describeSchemas('validateManifest: valid Kubernetes objects pass', () => {
  test.each([
    ['apps/v1 StatefulSet', statefulSet()],
    ['v1 Service', service],
    ['policy/v1 PodDisruptionBudget (maxUnavailable: 2, an int-or-string given as integer)', podDisruptionBudget],
    ['networking.k8s.io/v1 NetworkPolicy', networkPolicy],
    ['batch/v1 Job', job],
  ])('%s', (_name, obj) => {
    expectValid(obj);
  });

  test('int-or-string also accepts a string (maxUnavailable: "25%")', () => {
    expectValid({ ...podDisruptionBudget, spec: { ...podDisruptionBudget.spec, maxUnavailable: '25%' } });
  });

  test('Secret volume defaultMode 288 (0440) and Quantity as string (4096Mi) and number (cpu: 2) pass', () => {
    const sts = statefulSet();
    expect(sts.spec.template.spec.volumes[0].secret.defaultMode).toBe(288);
    expect(sts.spec.template.spec.containers[0].resources.limits).toEqual({ cpu: 2, memory: '4096Mi' });
    expectValid(sts);
  });

  test('free-form values stay free: annotations map, labels map, arbitrary keys of Secret data', () => {
    expectValid({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', annotations: { 'anything.example.com/any-key': 'x' } },
      type: 'Opaque',
      data: { 'tls.crt': 'aGVsbG8=', 'ca_bundle': 'd29ybGQ=' },
      stringData: { password: 'hunter2' },
    });
  });
});

describeSchemas('validateManifest: strict unknown-field check', () => {
  test('a typo spec.replica fails and the problem names spec.replica', () => {
    const sts = statefulSet();
    sts.spec.replica = 3;
    const problems = validateManifest(sts);
    expect(paths(problems)).toEqual(['spec.replica']);
    expect(problems[0].message).toContain('unknown field "replica"');
    expect(problems[0].resource).toBe('apps/v1 StatefulSet "crdb-dc-a"');
  });

  test('unknown fields deep inside arrays, maps and $ref chains are reported with their full path', () => {
    const sts = statefulSet();
    sts.spec.template.spec.containers[0].imagePullPolcy = 'Always';
    sts.spec.template.spec.containers[0].resources.limits.memory = '4Gi'; // still valid
    sts.spec.template.spec.volumes[0].secret.defaultmode = 288;
    sts.spec.volumeClaimTemplates[0].spec.resources.request = { storage: '1Gi' };
    sts.metadata.lables = {};
    sts.kindd = 'x';
    expect(paths(validateManifest(sts)).sort()).toEqual([
      'kindd',
      'metadata.lables',
      'spec.template.spec.containers[0].imagePullPolcy',
      'spec.template.spec.volumes[0].secret.defaultmode',
      'spec.volumeClaimTemplates[0].spec.resources.request',
    ]);
  });

  test('status is declared by the schema, but its fields are checked too', () => {
    expectValid({ ...podDisruptionBudget, status: { currentHealthy: 1, desiredHealthy: 1, disruptionsAllowed: 0, expectedPods: 2 } });
    expect(paths(validateManifest({ ...podDisruptionBudget, status: { healthy: 1 } }))).toContain('status.healthy');
  });

  test('duplicate keys in an x-kubernetes-list-type=map list fail (container ports by containerPort+protocol)', () => {
    const sts = statefulSet();
    sts.spec.template.spec.containers[0].ports.push({ name: 'grpc2', containerPort: 26257 });
    const problems = validateManifest(sts);
    expect(paths(problems)).toEqual(['spec.template.spec.containers[0].ports[2]']);
    expect(problems[0].message).toContain('duplicate entry');
  });
});

describeSchemas('validateManifest: types, enums, required', () => {
  test('imagePullPolicy: 5 (wrong type) fails', () => {
    const sts = statefulSet();
    sts.spec.template.spec.containers[0].imagePullPolicy = 5;
    const problems = validateManifest(sts);
    expect(paths(problems)).toEqual(['spec.template.spec.containers[0].imagePullPolicy']);
    expect(problems[0].message).toMatch(/must be string/);
  });

  test('a wrong enum value fails and lists the allowed values (the 1.28 core definitions have enums only for kind; CRDs have many)', () => {
    const certificate = {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'crdb-node', namespace: 'crdb' },
      spec: { secretName: 'crdb-node-certs', issuerRef: { name: 'crdb-ca', kind: 'Issuer' }, privateKey: { algorithm: 'ECDSA', size: 256 } },
    };
    expectValid(certificate);
    const problems = validateManifest({ ...certificate, spec: { ...certificate.spec, privateKey: { algorithm: 'EC' } } });
    expect(paths(problems)).toEqual(['spec.privateKey.algorithm']);
    expect(problems[0].message).toContain('"RSA", "ECDSA", "Ed25519"');
  });

  test('int-or-string rejects other types; Quantity rejects booleans and bad suffixes', () => {
    expect(validateManifest({ ...podDisruptionBudget, spec: { ...podDisruptionBudget.spec, maxUnavailable: true } }))
      .toEqual([expect.objectContaining({ path: 'spec.maxUnavailable', message: expect.stringContaining('must be string or integer') })]);
    const sts = statefulSet();
    sts.spec.template.spec.containers[0].resources.limits = { cpu: true, memory: '4096MB' };
    expect(paths(validateManifest(sts)).sort()).toEqual([
      'spec.template.spec.containers[0].resources.limits.cpu',
      'spec.template.spec.containers[0].resources.limits.memory',
    ]);
  });

  test('a missing required field is reported at its own path', () => {
    const sts = statefulSet();
    delete sts.spec.template.spec.containers[0].name;
    delete sts.spec.selector;
    expect(paths(validateManifest(sts)).sort()).toEqual(['spec.selector', 'spec.template.spec.containers[0].name']);
  });

  test('metadata.name is required, as the API server requires it', () => {
    expect(paths(validateManifest({ ...service, metadata: { namespace: 'crdb' } }))).toEqual(['metadata.name']);
  });

  test('an unknown kind or apiVersion fails', () => {
    expect(validateManifest({ apiVersion: 'v1', kind: 'Servic', metadata: { name: 'x' } }))
      .toEqual([expect.objectContaining({ path: '', message: expect.stringContaining('no schema for v1/Servic') })]);
    const wrongVersion = validateManifest({ ...podDisruptionBudget, apiVersion: 'policy/v1beta2' });
    expect(wrongVersion).toHaveLength(1);
    expect(wrongVersion[0].message).toContain('no schema for policy/v1beta2/PodDisruptionBudget');
    expect(paths(validateManifest({ kind: 'Service', metadata: { name: 'x' } }))).toEqual(['apiVersion']);
    expect(validateManifest('not an object')).toHaveLength(1);
  });
});

describeSchemas('validateManifest: CRDs', () => {
  test('metallb.io/v1beta1 IPAddressPool with spec.addresses passes', () => {
    expectValid(ipAddressPool());
  });

  test('a typo in spec (spec.adresses) fails', () => {
    const pool = ipAddressPool();
    pool.spec = { adresses: pool.spec.addresses };
    const problems = validateManifest(pool);
    expect(paths(problems).sort()).toEqual(['spec.addresses', 'spec.adresses']); // required + unknown
    expect(problems.find(p => p.path === 'spec.adresses')!.message).toContain('unknown field');
  });

  test('a typo in metadata (metadata.lables) fails: CRD metadata is checked as ObjectMeta', () => {
    const pool = ipAddressPool();
    pool.metadata.lables = pool.metadata.labels;
    expect(paths(validateManifest(pool))).toEqual(['metadata.lables']);
    const badLabel = ipAddressPool();
    badLabel.metadata.labels = { replicas: 3 };
    expect(paths(validateManifest(badLabel))).toEqual(['metadata.labels.replicas']);
  });

  test('a bare `type: object` in a CRD allows no fields (the API server prunes them)', () => {
    const l2 = { apiVersion: 'metallb.io/v1beta1', kind: 'L2Advertisement', metadata: { name: 'l2' }, spec: { ipAddressPools: ['crdb-vip'] } };
    expectValid(l2);
    expect(paths(validateManifest({ ...l2, status: { ready: true } }))).toEqual(['status.ready']);
  });

  test('x-kubernetes-int-or-string quantities in a CRD: number and string pass, bad values fail', () => {
    expectValid(mariaDb());
    const bad = mariaDb();
    bad.spec.resources.limits = { cpu: true, memory: 'lots' };
    bad.spec.galera.enabeld = true;
    expect(paths(validateManifest(bad)).sort()).toEqual(['spec.galera.enabeld', 'spec.resources.limits.cpu', 'spec.resources.limits.memory']);
  });

  test('a deprecated CRD version is reported unless allowed', () => {
    const peer = { apiVersion: 'metallb.io/v1beta1', kind: 'BGPPeer', metadata: { name: 'p' }, spec: { myASN: 64512, peerASN: 64513, peerAddress: '10.0.0.1' } };
    expect(validateManifest(peer)).toEqual([expect.objectContaining({ path: 'apiVersion', message: expect.stringContaining('deprecated') })]);
    expect(validateManifest(peer, { allowDeprecated: true })).toEqual([]);
    expectValid({ ...peer, apiVersion: 'metallb.io/v1beta2' });
  });
});

describeSchemas('validateYamlText', () => {
  const yaml = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: settings',
    'data:',
    '  mode: "on"',
    '---',
    '# an empty document is skipped',
    '---',
    'apiVersion: policy/v1',
    'kind: PodDisruptionBudget',
    'metadata: {name: crdb}',
    'spec:',
    '  maxUnavailable: 1',
    '  selector: {matchLabels: {app: crdb}}',
    '',
  ].join('\n');

  test('all documents of a valid file pass', () => {
    expect(formatProblems(validateYamlText(yaml))).toBe('');
  });

  test('problems name the document and object they are in', () => {
    const problems = validateYamlText(yaml.replace('maxUnavailable: 1', 'maxUnavailabel: 1'));
    expect(problems).toEqual([{ path: 'spec.maxUnavailabel', message: expect.stringContaining('unknown field'), resource: 'document 3: policy/v1 PodDisruptionBudget "crdb"' }]);
  });

  test('read as YAML 1.1 like kubectl: an unquoted `on` is a boolean, so a string field fails', () => {
    const unquoted = yaml.replace('mode: "on"', 'mode: on');
    expect(paths(validateYamlText(unquoted))).toEqual(['data.mode']);
    expect(validateYamlText(unquoted, { yamlVersion: '1.2' })).toEqual([]);
  });

  test('YAML syntax errors are problems', () => {
    expect(validateYamlText('apiVersion: v1\nkind: [unclosed\n')[0].message).toMatch(/^YAML error/);
  });
});

describeSchemas('performance', () => {
  test('50 objects validate in well under a couple of seconds once their kinds are compiled', () => {
    const objects = [statefulSet(), service, podDisruptionBudget, networkPolicy, job, ipAddressPool(), mariaDb()];
    objects.forEach(o => validateManifest(o)); // warm-up: compile each kind once
    const start = Date.now();
    for (let i = 0; i < 50; i++) expect(validateManifest(clone(objects[i % objects.length]))).toEqual([]);
    expect(Date.now() - start).toBeLessThan(2000);
  });
});
