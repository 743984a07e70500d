import { SynthOutput } from './synth-output';
import { AnalyzedDesign } from '../../analysis/analyzed-design';
import { applyRank } from '../../k8s/api-groups';
import { ApplyStep, Precondition } from '../../k8s/cluster-setup';
import { terraformStacksOf } from '../../model/terraform-stacks';
import { applyInstallsRefusal, checkApplyInstalls } from '../apply-installs-check';
import { ClusterPlan, clusterPlans, crdGroups } from '../cluster-plans';
import { stringifyYaml } from '../fast-yaml';
import { kustomizationOf, WrittenObject } from '../render-manifests';

/** The kubectl release whose kustomize (v5.0) first honours `sortOptions` (kubernetes CHANGELOG-1.27). */
const MIN_KUBECTL = '1.27';

/**
 * Per Kubernetes cluster, in the order to apply them: what to install first, what to provide,
 * the steps before and after, and the one entry point that `kubectl apply -k` takes in one go:
 * `APPLY.md` for people, `prerequisites.json` as data, and for the stretched cluster a
 * `kustomization.yaml` at the top of the output listing every folder's objects in apply order
 * (a site folder of a stretched cluster uses the namespaces `cluster-wide/` defines). With one
 * cluster per site the site's folder is its entry point already. Every entry point lists files
 * with `sortOptions.order: fifo`, so kustomize applies them in the order written. Refuses
 * (`MS-APPLY-INSTALLS`) when a custom resource would have no CRD or no operator watching it.
 */
export const APPLY_OUTPUT: SynthOutput = {
  label: 'Apply order and prerequisites',
  write({ design, objects }, write) {
    const clusters = clusterPlans(design, objects);
    const findings = checkApplyInstalls(clusters);
    if (findings.length > 0) throw new Error(applyInstallsRefusal(findings));
    const stretched = clusters.find((c) => c.entryPoint === '.');
    if (stretched) {
      const ordered = stretched.objects
        .map((o, i) => ({ o, i, rank: applyRank({ apiVersion: o.apiVersion, kind: o.kind, metadata: { namespace: o.namespace } }) }))
        .sort((a, b) => a.rank - b.rank || a.i - b.i)
        .map((x) => `${x.o.folder}/${x.o.file}`);
      write('kustomization.yaml', stringifyYaml(kustomizationOf(ordered)));
    }
    write('APPLY.md', renderApplyMd(design, clusters, objects));
    write('prerequisites.json', `${JSON.stringify(prerequisitesData(design, clusters), undefined, 2)}\n`);
  },
  describe: (files) => files.join(', '),
};

/** A Terraform stack to apply: before the clusters (a bucket their jobs write to) or after them (what points at them). */
interface TerraformStep {
  readonly folder: string;
  readonly beforeClusters: boolean;
  readonly preconditions: string[];
  readonly commands: string[];
}

/** The Terraform stacks in the order to apply them, with what must exist first. */
function terraformSteps(design: AnalyzedDesign): TerraformStep[] {
  const { delegatedZones, edgeVips, backupBuckets } = terraformStacksOf(design);
  // No saved plan file: inside the output folder it is a file synth did not write, and the next synth refuses the
  // folder; `apply` shows the same plan and asks before it changes anything.
  const commands = (folder: string) => [`terraform -chdir=${folder} init`, `terraform -chdir=${folder} plan`, `terraform -chdir=${folder} apply`];
  return [
    ...backupBuckets.map((b) => ({
      folder: `terraform/${b.target.stackName}`,
      beforeClusters: true,
      preconditions: [
        `AWS credentials that may create S3 buckets${b.target.replica ? ' and IAM roles (the replication role)' : ''} are set`,
        b.target.replica ? `the bucket names ${b.target.bucket} and ${b.target.replica.bucket} are free in all of AWS` : `the bucket name ${b.target.bucket} is free in all of AWS`,
        `an access key that may write s3://${b.target.bucket}/${b.target.prefix}/, for Secret \`${b.namespace}/${b.target.credentialsSecret}\` of ${b.cluster}'s backups: the stack creates the bucket, not the key`,
      ],
      commands: commands(`terraform/${b.target.stackName}`),
    })),
    ...delegatedZones.map((z) => ({
      folder: `terraform/${z.name}`,
      beforeClusters: false,
      preconditions: [`the parent zone ${z.parentZone} exists in Route 53${z.parentHostedZoneId ? ` (hosted zone ${z.parentHostedZoneId})` : ''} and AWS credentials that may change it are set`],
      commands: commands(`terraform/${z.name}`),
    })),
    ...edgeVips.map((v) => ({
      folder: `terraform/${v.name}-edge`,
      beforeClusters: false,
      preconditions: ['AWS credentials that may create Global Accelerator accelerators are set'],
      commands: commands(`terraform/${v.name}-edge`),
    })),
  ];
}

function prerequisitesData(design: AnalyzedDesign, clusters: readonly ClusterPlan[]): unknown {
  return {
    clusters: clusters.map((c) => ({
      cluster: c.site ?? 'stretched',
      entryPoint: c.entryPoint,
      apply: `kubectl apply -k ${c.entryPoint}`,
      crdGroups: crdGroups(c.objects),
      prerequisites: c.prerequisites.map((p) => ({
        id: p.id,
        name: p.name,
        version: p.version,
        groups: p.groups,
        kinds: p.kinds,
        watchedNamespaces: p.watchedNamespaces ?? 'all',
        install: p.install(c),
        source: p.source,
      })),
      operatorCreates: c.operatorCreates,
      provide: c.provide,
      beforeApply: c.beforeApply,
      afterApply: c.afterApply,
    })),
    terraform: terraformSteps(design),
  };
}

function renderApplyMd(design: AnalyzedDesign, clusters: readonly ClusterPlan[], objects: readonly WrittenObject[]): string {
  const out = [
    '# Apply order',
    '',
    'Run the commands from inside this folder, cluster by cluster in the order below (`kubectl config use-context ...`).',
    'For each cluster: the operators it must run (the versions are those whose schemas the objects were validated',
    'against), what to provide that synth does not write, then one `kubectl apply -k` that applies everything synth',
    'wrote for it in the order listed in its kustomization: Namespaces first, then cluster-scoped objects, namespaced',
    `objects, objects of the CRDs installed first, and Jobs last. That order needs kubectl ${MIN_KUBECTL} or later`,
    '(kustomize v5, which honours `sortOptions: {order: fifo}`); older kubectl refuses the field.',
    '',
  ];
  const terraform = terraformSteps(design);
  const before = terraform.filter((t) => t.beforeClusters);
  const after = terraform.filter((t) => !t.beforeClusters);
  const first = before.length > 0 ? 2 : 1;
  if (before.length > 0) {
    out.push('## 1. Terraform, before the clusters (the backup buckets their backup jobs write to)', '');
    out.push(...renderTerraform(before));
  }
  clusters.forEach((c, n) => {
    out.push(`## ${n + first}. ${c.site ? `Cluster of site ${c.site}` : 'The stretched cluster'}`, '');
    const groups = crdGroups([...c.objects, ...c.operatorCreates]);
    if (c.prerequisites.length === 0) {
      out.push('Install: nothing (only built-in Kubernetes objects).', '');
    } else {
      out.push(`Install, in order (CRD groups used: ${groups.map((g) => `\`${g}\``).join(', ')}):`, '');
      c.prerequisites.forEach((p, i) => {
        const watches = p.watchedNamespaces === undefined ? 'watches every namespace' : p.watchedNamespaces.length === 0 ? 'CRDs only' : `watches ${p.watchedNamespaces.map((x) => `\`${x}\``).join(', ')}`;
        out.push(`${i + 1}. ${p.name} ${p.version} (installs ${p.groups.map((g) => `\`${g}\``).join(', ')}; ${watches}; ${p.source}):`, '');
        out.push('   ```sh', ...p.install(c).map((line) => `   ${line}`), '   ```', '');
      });
    }
    if (c.operatorCreates.length > 0) {
      out.push('Created here by an operator, not by a file: ' + c.operatorCreates.map((o) => `${o.kind} \`${o.namespace}/${o.name}\` (${o.createdBy})`).join('; ') + '.', '');
    }
    out.push(...renderProvide(c.provide));
    const notes = clusterNotes(c.objects);
    if (notes.length > 0) out.push(...notes.map((x) => `- ${x}`), '');
    out.push(...renderSteps('Before applying', c.beforeApply));
    if (c.objects.length > 0) out.push('Apply:', '', '```sh', `kubectl apply -k ${c.entryPoint}`, '```', '');
    out.push(...renderSteps('After applying', c.afterApply));
  });
  if (after.length > 0) {
    out.push(`## ${clusters.length + first}. Terraform, after the clusters (the delegation points at the k8gb CoreDNS they run)`, '');
    out.push(...renderTerraform(after));
  }
  if (design.shape.kind === 'cluster-per-site') {
    const others = [...new Set(objects.filter((o) => !design.sites.some((s) => s.name === o.folder)).map((o) => o.folder))];
    if (others.length > 0) out.push(`Not applied by any entry point (charts that are not sites): ${others.map((f) => `\`${f}/\``).join(', ')}.`, '');
  }
  return out.join('\n');
}

/** Each stack's folder, what to provide first and the commands. */
function renderTerraform(steps: readonly TerraformStep[]): string[] {
  return steps.flatMap((t) => [`\`${t.folder}/\`. Provide first: ${t.preconditions.join('; ')}.`, '', '```sh', ...t.commands, '```', '']);
}

/** The "provide before applying" list of one cluster. */
function renderProvide(provide: readonly Precondition[]): string[] {
  if (provide.length === 0) return ['Provide before applying: nothing.', ''];
  const out = ['Provide before applying:', ''];
  for (const p of provide) {
    const where = p.namespace ? ` in namespace \`${p.namespace}\`` : '';
    const keys = p.keys && p.keys.length > 0 ? ` with keys ${p.keys.map((k) => `\`${k}\``).join(', ')}` : '';
    out.push(`- ${p.kind} \`${p.name}\`${where}${keys} (needed by ${p.neededBy}):`, '', '  ```sh', ...p.commands.map((x) => `  ${x}`), '  ```', '');
  }
  return out;
}

function renderSteps(heading: string, steps: readonly ApplyStep[]): string[] {
  if (steps.length === 0) return [];
  const out = [`${heading}:`, ''];
  steps.forEach((s, i) => out.push(`${i + 1}. ${s.title}`, '', '   ```sh', ...s.commands.map((x) => `   ${x}`), '   ```', ''));
  return out;
}

/** What a cluster needs that no CRD says: CoreDNS importing `coredns-custom`, an Ingress controller. */
function clusterNotes(objects: readonly WrittenObject[]): string[] {
  const notes: string[] = [];
  if (objects.some((o) => o.kind === 'ConfigMap' && o.namespace === 'kube-system' && o.file.endsWith('configmap-coredns-custom.yaml'))) {
    notes.push('CoreDNS must import the `coredns-custom` ConfigMap (k3s, RKE2 and AKS do); elsewhere paste its `multisite.server` blocks into the Corefile.');
  }
  if (objects.some((o) => o.kind === 'Ingress')) notes.push('Ingress objects need an Ingress controller in the cluster.');
  return notes;
}
