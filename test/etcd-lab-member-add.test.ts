/**
 * The etcd rollout lab's `member add --learner` (test/failure-lab/etcd-lab.ts, EtcdCluster.addLearner)
 * without etcd: etcdctl is replaced by a fake that keeps a member list, so the case that made the lab
 * flaky (an add committed while its reply lacks ETCD_INITIAL_CLUSTER, then a retried add refused with
 * "too many learner members in cluster") runs here every time. The fake's texts are etcdctl 3.4.23's
 * own output, captured from a real `member add` and `member list -w json`.
 */
import { CtlResult, EtcdCluster, EtcdMember, etcdMemberAt, initialClusterFrom, parseMemberList } from './failure-lab/etcd-lab';
import { SiteHost } from './failure-lab/netns';

const host = (site: string, address: string): SiteHost => ({ site, ns: `ns-${site}`, siteIf: 'eth0', routerIf: `r-${site}`, addresses: [address] });
const dcA = host('dc-a', '10.0.0.1');
const dcD = host('dc-d', '10.0.0.4');

/** etcdctl 3.4.23's `member list -w json` after `member add t2 --learner` (t2 not started yet). */
const REAL_LIST = '{"header":{"cluster_id":15118495548433857066,"member_id":13668033151171901709,"raft_term":2},"members":['
  + '{"ID":4582139110134840049,"peerURLs":["http://127.0.0.1:23802"],"isLearner":true},'
  + '{"ID":13668033151171901709,"name":"t1","peerURLs":["http://127.0.0.1:23801"],"clientURLs":["http://127.0.0.1:23791"]}]}';

test('member list -w json is read with 64-bit ids intact, and the initial cluster is built as etcdctl prints it', () => {
  const listed = parseMemberList(REAL_LIST)!;
  expect(listed).toEqual([
    { id: '3f97073e5302faf1', name: '', peerUrls: ['http://127.0.0.1:23802'], isLearner: true },
    { id: 'bdae9bbc11dd390d', name: 't1', peerUrls: ['http://127.0.0.1:23801'], isLearner: false },
  ]);
  // What the real `member add t2` printed: ETCD_INITIAL_CLUSTER="t2=http://127.0.0.1:23802,t1=http://127.0.0.1:23801".
  expect(initialClusterFrom(listed, '3f97073e5302faf1', 't2')).toBe('t2=http://127.0.0.1:23802,t1=http://127.0.0.1:23801');
  expect(parseMemberList('Error: context deadline exceeded')).toBeUndefined();
});

/** A fake etcd behind `ctl`: one started member; `member add` commits, and its reply is cut short while `cutShort` lasts. */
function fakeEtcd(cutShort: number) {
  const cluster = new EtcdCluster('/nonexistent', 'token', [], []);
  const first = etcdMemberAt('/nonexistent', dcA, 0);
  const members = [{ ID: '13668033151171901709', name: first.name, peerURLs: [first.peerUrl], clientURLs: [first.clientUrl] }];
  const adds: string[] = [];
  const ok = (stdout: string): CtlResult => ({ ok: true, stdout, stderr: '' });
  jest.spyOn(cluster, 'ctl').mockImplementation(async (_from, _endpoints, args) => {
    if (args.includes('list')) {
      // etcd lists members by id, ascending.
      const json = [...members].sort((a, b) => (BigInt(a.ID) < BigInt(b.ID) ? -1 : 1)).map((m) => `{"ID":${m.ID},${m.name ? `"name":"${m.name}",` : ''}"peerURLs":${JSON.stringify(m.peerURLs)}${m.name ? '' : ',"isLearner":true'}}`);
      return ok(`{"header":{"member_id":13668033151171901709},"members":[${json.join(',')}]}`);
    }
    const name = args[args.indexOf('add') + 1];
    const peer = args.find((a) => a.startsWith('--peer-urls='))!.slice('--peer-urls='.length);
    adds.push(name);
    if (members.some((m) => !m.name)) return { ok: false, stdout: '', stderr: 'Error: etcdserver: too many learner members in cluster' };
    members.push({ ID: '4582139110134840049', name: '', peerURLs: [peer], clientURLs: [] });
    if (adds.length <= cutShort) return ok('Member 3f97073e5302faf1 added to cluster d1cfaf999eb97a2a\n');
    return ok(`Member 3f97073e5302faf1 added to cluster d1cfaf999eb97a2a\n\nETCD_NAME="${name}"\nETCD_INITIAL_CLUSTER="${name}=${peer},${first.name}=${first.peerUrl}"\n`);
  });
  return { cluster, first, adds };
}

test('a whole reply is used as etcdctl printed it', async () => {
  const { cluster, first, adds } = fakeEtcd(0);
  const learner: EtcdMember = etcdMemberAt('/nonexistent', dcD, 0);
  await expect(cluster.addLearner(learner, [first], 2_000)).resolves.toEqual({
    id: '3f97073e5302faf1',
    initialCluster: `cp-dc-d-1=${learner.peerUrl},cp-dc-a-1=${first.peerUrl}`,
  });
  expect(adds).toEqual(['cp-dc-d-1']);
});

test('an add committed with its reply cut short is found in member list, not added a second time', async () => {
  const { cluster, first, adds } = fakeEtcd(1);
  const learner = etcdMemberAt('/nonexistent', dcD, 0);
  await expect(cluster.addLearner(learner, [first], 2_000)).resolves.toEqual({
    id: '3f97073e5302faf1',
    initialCluster: `cp-dc-d-1=${learner.peerUrl},cp-dc-a-1=${first.peerUrl}`,
  });
  // One add only: a second would be refused ("too many learner members in cluster").
  expect(adds).toEqual(['cp-dc-d-1']);
});
