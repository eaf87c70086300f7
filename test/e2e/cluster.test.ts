/**
 * The CLI's cluster commands against a real kube-apiserver v1.20 (../shared/tools/kube-apiserver): apply,
 * snapshot, trace and delete of the OSM demo, and the errors a user meets (404, 403, 409, 422). Tests run in
 * order and share the server; each step names the state it leaves.
 */
import * as k8s from '@kubernetes/client-node'
import {execFile} from 'node:child_process'
import {cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import type {IncomingMessage} from 'node:http'
import {tmpdir} from 'node:os'
import {basename, join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {parseAllDocuments} from 'yaml'
import {connect} from '../../src/cluster/connect.js'
import {applyAll} from '../../src/cluster/write.js'
import {parseResources} from '../../src/load/parse.js'
import {validate} from '../../src/validate/index.js'
import {ROOT, runCli, type CliResult} from '../helpers/cli.js'
import {apiserverMissing, startApiserver, type Apiserver} from './apiserver.js'
import {compactEtcd, startProxy} from './proxy.js'

const CRDS = join(ROOT, '..', 'shared', 'crds', 'osm-v1.2.4')
const DEMO = join(ROOT, 'examples', 'osm')
const EGRESS_FILE = join(DEMO, 'egress-httpbin.yaml')
const timings: Array<{command: string; ms: number}> = []

let server: Apiserver | undefined
let admin: k8s.KubernetesObjectApi
let tmp: string

/** The CLI with the private server's kubeconfig (and nothing from the developer's environment). */
async function kubectlEgress(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const started = performance.now()
  const r = await runCli(args, {env: {KUBECONFIG: server!.kubeconfig, ...env}})
  timings.push({
    command: args
      .filter((a) => !a.startsWith('/'))
      .slice(0, 6)
      .join(' '),
    ms: performance.now() - started,
  })
  return r
}

const lineOf = (file: string, text: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(text)) + 1

async function exists(apiVersion: string, kind: string, namespace: string, name: string): Promise<boolean> {
  try {
    await admin.read({apiVersion, kind, metadata: {name, namespace}})
    return true
  } catch (e) {
    if ((e as {code?: number}).code === 404) return false
    throw e
  }
}

/** Creates the OSM CRDs and waits until each is Established and its group served; returns their names. */
async function installOsmCrds(): Promise<string[]> {
  const crds = readdirSync(CRDS).flatMap((f) => k8s.loadAllYaml(readFileSync(join(CRDS, f), 'utf8')) as k8s.KubernetesObject[])
  for (const crd of crds) await admin.create(crd)
  const names = crds.map((c) => c.metadata!.name!)
  const apis = kubeConfig().makeApiClient(k8s.ApisApi)
  for (let i = 0; i < 100; i++) {
    const groups = (await apis.getAPIVersions()).groups.map((g) => g.name)
    const established = await establishedCrds()
    if (names.every((n) => established.includes(n) && groups.includes(n.slice(n.indexOf('.') + 1)))) return names
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('OSM CRDs not established and served after 10 s')
}

/** The CRDs whose Established condition is True. */
async function establishedCrds(): Promise<string[]> {
  const list = await kubeConfig().makeApiClient(k8s.ApiextensionsV1Api).listCustomResourceDefinition()
  return list.items.filter((c) => c.status?.conditions?.some((x) => x.type === 'Established' && x.status === 'True')).map((c) => c.metadata!.name!)
}

function kubeConfig(): k8s.KubeConfig {
  const kc = new k8s.KubeConfig()
  kc.loadFromFile(server!.kubeconfig)
  return kc
}

/** A kubeconfig for a ServiceAccount token from the TokenRequest API (no controller-manager needed). */
async function serviceAccountKubeconfig(name: string): Promise<{file: string; token: string}> {
  const core = kubeConfig().makeApiClient(k8s.CoreV1Api)
  await core.createNamespacedServiceAccount({namespace: 'curl', body: {metadata: {name}}})
  const token = (await core.createNamespacedServiceAccountToken({namespace: 'curl', name, body: {spec: {audiences: []}}})).status!.token
  const admin = readFileSync(server!.kubeconfig, 'utf8')
  const file = join(tmp, `${name}.kubeconfig`)
  writeFileSync(file, admin.replace(/token: .*/, `token: ${token}`))
  return {file, token}
}

/** Trace JSON without file positions: the cluster's positions differ from the files', nothing else may. */
function withoutPositions(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutPositions)
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => k !== 'file' && k !== 'line' && k !== 'column')
        .map(([k, x]) => [k, withoutPositions(x)]),
    )
  return v
}

describe.skipIf(apiserverMissing)('against a real kube-apiserver', () => {
  beforeAll(() => {
    server = startApiserver()
    admin = k8s.KubernetesObjectApi.makeApiClient(kubeConfig())
    tmp = mkdtempSync(join(tmpdir(), 'e2e-cluster-'))
  }, 120_000)

  afterAll(() => {
    server?.stop()
    if (tmp) rmSync(tmp, {recursive: true, force: true})
    if (timings.length)
      process.stderr.write('\ncluster command timings (ms, local API server):\n' + timings.map((t) => `  ${t.ms.toFixed(0).padStart(6)}  ${t.command}`).join('\n') + '\n')
  })

  test('404: applying before the CRDs exist names the CRD and sends nothing', async () => {
    const r = await kubectlEgress(['apply', '-f', DEMO, '--yes'])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('error: the Egress CRD (policy.openservicemesh.io) is not installed in this cluster — is OSM installed?')
    expect(await exists('v1', 'Namespace', '', 'curl')).toBe(false)
  })

  test('404 from the API server itself (discovery), when an object is sent anyway', async () => {
    const cluster = await connect({kubeconfig: server!.kubeconfig})
    const egress = parseResources(readFileSync(EGRESS_FILE, 'utf8'), EGRESS_FILE).resources[0]
    const report = await applyAll(cluster, [egress], {dryRun: false, fieldManager: 'kubectl-egress', force: false})
    expect(report.failed?.lines).toEqual(['the Egress CRD (policy.openservicemesh.io) is not installed in this cluster — is OSM installed?'])
  })

  test('install the OSM CRDs: all four established, and the cluster read no longer calls OSM not installed', async () => {
    const names = await installOsmCrds()
    expect(names.sort()).toEqual([
      'egresses.policy.openservicemesh.io',
      'httproutegroups.specs.smi-spec.io',
      'meshconfigs.config.openservicemesh.io',
      'upstreamtrafficsettings.policy.openservicemesh.io',
    ])
    const r = await kubectlEgress(['snapshot'])
    // Kubernetes 1.20 serves CronJob only in batch/v1beta1 (batch/v1 from 1.21 on).
    expect(r.stderr).toMatch(
      /^read \d+ objects from context "local" \(all namespaces\) in [\d.]+ s; not installed: networking\.istio\.io; not served by this API server: CronJob \(batch\/v1\)\n$/,
    )
  })

  test('without a terminal and without --yes, apply refuses before reading anything', async () => {
    const r = await kubectlEgress(['apply', '-f', DEMO])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/refusing to apply without confirmation: stdin is not a terminal; pass --yes/)
    expect(await exists('v1', 'Namespace', '', 'curl')).toBe(false)
  })

  test('--dry-run=server on an empty cluster reports and leaves nothing behind', async () => {
    const r = await kubectlEgress(['apply', '-f', DEMO, '--dry-run=server'])
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('Namespace curl created (server dry run)')
    expect(await exists('v1', 'Namespace', '', 'curl')).toBe(false)
    expect(await exists('config.openservicemesh.io/v1alpha2', 'MeshConfig', 'osm-system', 'osm-mesh-config')).toBe(false)
  })

  test('apply: preview of the reachability change, then every object created; again: unchanged', async () => {
    const r = await kubectlEgress(['apply', '-f', DEMO, '--yes'])
    expect(r.stderr).toMatch(/^read \d+ objects from context "local" \(all namespaces\)/m)
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('\ncurl/curl\n')
    expect(r.stdout).toMatch(/newly denied +curl http:\/\/httpbin.org:80\//)
    for (const line of [
      'Namespace curl created',
      'MeshConfig osm-system/osm-mesh-config created',
      'Egress curl/httpbin-443 created',
      'HTTPRouteGroup curl/egress-http-route created',
      'Egress curl/httpbin-80 created',
    ])
      expect(r.stdout).toContain(line + '\n')
    const again = await kubectlEgress(['apply', '-f', DEMO, '--yes'])
    expect(again.stdout).toContain('No reachability changed.')
    expect(again.stdout.match(/ unchanged\n/g)).toHaveLength(8)
  })

  test('--dry-run=server of a changed object says configured and stores nothing', async () => {
    const file = join(tmp, 'wider.yaml')
    writeFileSync(file, readFileSync(EGRESS_FILE, 'utf8').replace('  - httpbin.org\n  ports:\n  - number: 443', '  - httpbin.org\n  - example.org\n  ports:\n  - number: 443'))
    const r = await kubectlEgress(['apply', '-f', file, '--dry-run=server'])
    expect(r.stdout).toContain('Egress curl/httpbin-443 configured (server dry run)')
    expect(r.stdout).toMatch(/newly allowed +curl https:\/\/example.org:443\//)
    const stored = (await admin.read({apiVersion: 'policy.openservicemesh.io/v1alpha1', kind: 'Egress', metadata: {name: 'httpbin-443', namespace: 'curl'}})) as {
      spec: {hosts: string[]}
    }
    expect(stored.spec.hosts).toEqual(['httpbin.org'])
  })

  const requests = [
    'curl -sI https://httpbin.org/get',
    'curl http://httpbin.org/get',
    'curl http://httpbin.org/status/200',
    'curl http://httpbin.org/post',
    'curl https://example.com',
    'httpbin.org:22',
  ]
  test.each(requests)('trace without -f gives the offline verdict: %s', async (request) => {
    const live = await kubectlEgress(['trace', '--from', 'curl/curl', '-o', 'json', '--', ...request.split(' ')])
    const offline = await runCli(['trace', '-f', DEMO, '--from', 'curl/curl', '-o', 'json', '--', ...request.split(' ')])
    expect(live.stderr).toMatch(/read \d+ objects from context "local"/)
    expect(live.status).toBe(offline.status)
    expect(withoutPositions(JSON.parse(live.stdout))).toEqual(withoutPositions(JSON.parse(offline.stdout)))
  })

  test('trace without -f cites the object read from the cluster', async () => {
    const r = await kubectlEgress(['trace', '--from', 'curl/curl', '--', 'curl', 'http://httpbin.org/get'])
    expect(r.stdout).toMatch(/Decided +Egress\/curl\/httpbin-80 at cluster:local\/Egress\/curl\/httpbin-80:\d+/)
  })

  test('--from deploy/NAME resolves against the cluster; completion offers its namespaces and workloads', async () => {
    const r = await kubectlEgress(['trace', '--from', 'deploy/curl', '-o', 'json', '--', 'curl', 'http://httpbin.org/get'])
    expect(JSON.parse(r.stdout)).toMatchObject({client: 'curl/curl'})
    const complete = (words: string[]) =>
      new Promise<string[]>((resolve) =>
        execFile(process.execPath, [join(ROOT, 'bin', 'complete.js'), ...words], {env: {...process.env, KUBECONFIG: server!.kubeconfig}}, (_, stdout) =>
          resolve(stdout.trimEnd().split('\n')),
        ),
      )
    expect(await complete(['trace', '-n', ''])).toEqual(expect.arrayContaining(['curl', 'osm-system', ':4']))
    expect(await complete(['trace', '-n', 'curl', '--from', 'dep'])).toEqual(['deploy/curl\tDeployment curl/curl, runs as curl', ':4'])
  })

  test('diff --against-cluster: what the files would change in what is deployed; exit 1 with --fail-on-new-allow', async () => {
    const dir = join(tmp, 'against')
    cpSync(DEMO, dir, {recursive: true})
    writeFileSync(
      join(dir, basename(EGRESS_FILE)),
      readFileSync(EGRESS_FILE, 'utf8').replace('  - httpbin.org\n  ports:\n  - number: 443', '  - httpbin.org\n  - example.org\n  ports:\n  - number: 443'),
    )
    const same = await kubectlEgress(['diff', '--against-cluster', '-f', DEMO, '--from', 'curl/curl'])
    expect(same.stdout).toContain('No reachability changed.')
    const r = await kubectlEgress(['diff', '--against-cluster', '-f', dir, '--from', 'curl/curl', '--fail-on-new-allow'])
    expect(r.stdout).toMatch(/newly allowed +curl https:\/\/example.org:443\//)
    expect(r.status).toBe(1)
  })

  test('explain without -f reads the cluster and says the same as offline', async () => {
    const live = await kubectlEgress(['explain', '--from', 'curl/curl', '-o', 'json'])
    expect(live.status).toBe(0)
    const offline = await kubectlEgress(['explain', '-f', DEMO, '--from', 'curl/curl', '-o', 'json'])
    const sentences = (out: string) =>
      (JSON.parse(out) as {clients: Array<{reaches: Array<{request: string; outcome: {verdict: string}}>}>}).clients.flatMap((c) =>
        c.reaches.map((x) => `${x.request} ${x.outcome.verdict}`),
      )
    expect(sentences(live.stdout)).toEqual(sentences(offline.stdout))
    expect(sentences(live.stdout).length).toBeGreaterThan(0)
  })

  test('snapshot: loadable with -f, and the trace from it matches the live one', async () => {
    const r = await kubectlEgress(['snapshot'])
    expect(r.status).toBe(0)
    const kinds = parseAllDocuments(r.stdout).map((d) => `${d.get('kind')}/${(d.getIn(['metadata', 'name']) as string) ?? ''}`)
    expect(kinds).toEqual(
      expect.arrayContaining([
        'MeshConfig/osm-mesh-config',
        'Egress/httpbin-443',
        'Egress/httpbin-80',
        'HTTPRouteGroup/egress-http-route',
        'Deployment/curl',
        'ServiceAccount/curl',
      ]),
    )
    const file = join(tmp, 'state.yaml')
    writeFileSync(file, r.stdout)
    expect((await runCli(['validate', '-f', file])).status).toBe(0)
    const fromSnapshot = await runCli(['trace', '-f', file, '--from', 'curl/curl', '--', 'curl', 'http://httpbin.org/post'])
    expect(fromSnapshot.status).toBe(1)
    await admin.create({apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'elsewhere', namespace: 'default'}})
    expect((await kubectlEgress(['snapshot'])).stdout).toContain('name: elsewhere')
    const narrowed = (await kubectlEgress(['snapshot', '-n', 'curl'])).stdout
    expect(narrowed).not.toContain('name: elsewhere')
    expect(narrowed).toContain('name: osm-mesh-config')
  })

  test('409: a field another manager owns is named with its file:line and --force-conflicts', async () => {
    const other = parseAllDocuments(readFileSync(EGRESS_FILE, 'utf8'))[0].toJS() as k8s.KubernetesObject & {spec: {hosts: string[]}}
    other.spec.hosts = ['httpbin.org', 'example.org']
    await admin.patch(other, undefined, undefined, 'other-team', true, k8s.PatchStrategy.ServerSideApply)
    const r = await kubectlEgress(['apply', '-f', EGRESS_FILE, '--yes'])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain(`error: ${EGRESS_FILE}:${lineOf(EGRESS_FILE, 'hosts:')}: Egress/curl/httpbin-443: spec.hosts: conflict with "other-team"`)
    expect(r.stderr).toContain('--force-conflicts')
    expect(r.stderr).toContain('error: applied: nothing; not applied: Egress curl/httpbin-443 (failed), HTTPRouteGroup curl/egress-http-route, Egress curl/httpbin-80')
    const forced = await kubectlEgress(['apply', '-f', EGRESS_FILE, '--yes', '--force-conflicts'])
    expect(forced.status).toBe(0)
    expect(forced.stdout).toContain('Egress curl/httpbin-443 configured')
  })

  const badDeployment = (namespace: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bad\n  namespace: ${namespace}\nspec:\n  replicas: -1\n  selector:\n    matchLabels: {app: bad}\n  template:\n    metadata:\n      labels: {app: bad}\n    spec:\n      serviceAccountName: curl\n      containers: [{name: c, image: curlimages/curl}]\n`

  test('422 from the dry run before any write: each cause at its line, and nothing is applied', async () => {
    const file = join(tmp, 'partly-bad.yaml')
    const egress = readFileSync(EGRESS_FILE, 'utf8').split('---')[0].replace('name: httpbin-443', 'name: extra')
    writeFileSync(file, `${egress}---\n${badDeployment('curl')}`)
    expect((await runCli(['validate', '-f', file])).status).toBe(0)
    const r = await kubectlEgress(['apply', '-f', file, '--yes'])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain(`error: ${file}:${lineOf(file, 'replicas: -1')}: Deployment/curl/bad: spec.replicas: rejected by the API server: Invalid value: -1`)
    expect(r.stderr).toContain('error: applied: nothing; not applied: Deployment curl/bad (failed), Egress curl/extra')
    expect(await exists('policy.openservicemesh.io/v1alpha1', 'Egress', 'curl', 'extra')).toBe(false)
  })

  test('a namespace this apply creates: its objects are dry-run once it exists, so only the new namespace is written', async () => {
    const file = join(tmp, 'new-namespace.yaml')
    const egress = readFileSync(EGRESS_FILE, 'utf8')
      .split('---')[0]
      .replace('name: httpbin-443', 'name: fresh')
      .replace(/namespace: curl/g, 'namespace: fresh')
    writeFileSync(file, `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: fresh\n---\n${egress}---\n${badDeployment('fresh')}`)
    const r = await kubectlEgress(['apply', '-f', file, '--yes'])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('error: applied: Namespace fresh; not applied: Deployment fresh/bad (failed), Egress fresh/fresh')
    expect(await exists('v1', 'Namespace', '', 'fresh')).toBe(true)
    expect(await exists('policy.openservicemesh.io/v1alpha1', 'Egress', 'fresh', 'fresh')).toBe(false)
  })

  test('apply -f good -f badname.yaml: validate rejects the names, labels and annotations, and nothing is sent', async () => {
    const good = join(tmp, 'good')
    mkdirSync(good)
    writeFileSync(join(good, 'egress.yaml'), readFileSync(EGRESS_FILE, 'utf8').split('---')[0].replace('name: httpbin-443', 'name: good-one'))
    const bad = join(tmp, 'badname.yaml')
    const long = 'a'.repeat(300)
    writeFileSync(
      bad,
      `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: Bad_Name\n  namespace: curl\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${long}\n  namespace: curl\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: labelled\n  namespace: curl\n  labels:\n    -x: v\n`,
    )
    const r = await kubectlEgress(['apply', '-f', good, '-f', bad, '--yes'])
    expect(r.status).toBe(2)
    const lines = r.stderr.trimEnd().split('\n')
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^error: ${bad}:4: ServiceAccount/curl/Bad_Name: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain`)),
        `error: ${bad}:10: ServiceAccount/curl/${long}: metadata.name: Invalid value: "${long}": must be no more than 253 characters`,
        expect.stringMatching(
          new RegExp(`^error: ${bad}:19: ServiceAccount/curl/labelled: metadata.labels: Invalid value: "-x": name part must consist of alphanumeric characters`),
        ),
      ]),
    )
    expect(r.stderr).not.toMatch(/^read /m)
    expect(await exists('policy.openservicemesh.io/v1alpha1', 'Egress', 'curl', 'good-one')).toBe(false)
  })

  /**
   * The metadata rules of `validate` against the real API server: every case is sent with dryRun=All, and the
   * server must reject exactly those that validate rejects. The cases are the edges of apimachinery's rules
   * (lengths 63/64 and 253/254, dots in labels, 1035 vs 1123 labels, prefixes, the 256 KiB annotation total).
   */
  test('validate rejects exactly the names, labels and annotations the API server rejects', async () => {
    const egress = (metadata: Record<string, unknown>) => ({
      apiVersion: 'policy.openservicemesh.io/v1alpha1',
      kind: 'Egress',
      metadata: {namespace: 'curl', ...metadata},
      spec: {sources: [{kind: 'ServiceAccount', name: 'curl', namespace: 'curl'}], hosts: ['a.example'], ports: [{number: 443, protocol: 'https'}]},
    })
    const big = (n: number) => ({big: 'v'.repeat(n - 3)})
    const cases: Array<Record<string, unknown>> = [
      ...['ok', 'a.b', 'Bad_Name', '-x', 'x-', 'a..b', '1abc', 'a'.repeat(253), 'a'.repeat(254)].map((name) => egress({name})),
      ...['ok', 'a.b', 'a'.repeat(63), 'a'.repeat(64), 'UP'].map((name) => ({apiVersion: 'v1', kind: 'Namespace', metadata: {name}})),
      ...['abc', '1abc', 'a.b'].map((name) => ({apiVersion: 'v1', kind: 'Service', metadata: {name, namespace: 'curl'}, spec: {ports: [{port: 80}]}})),
      ...[
        {a: 'b'},
        {'-x': 'y'},
        {'example.com/x': 'y'},
        {'Example.com/x': 'y'},
        {'a/b/c': 'y'},
        {'/x': 'y'},
        {'x/': 'y'},
        {x: '-v'},
        {x: 'a'.repeat(63)},
        {x: 'a'.repeat(64)},
        {x: ''},
        {['k'.repeat(64)]: 'v'},
      ].map((labels, i) => egress({name: `l-${i}`, labels})),
      ...[{'Example.COM/Key': 'v'}, {'a b': 'v'}, big(256 * 1024), big(256 * 1024 + 1)].map((annotations, i) => egress({name: `a-${i}`, annotations})),
    ]
    const verdicts = await Promise.all(
      cases.map(async (c) => {
        const file = join(tmp, 'meta-case.yaml')
        const loaded = parseResources(JSON.stringify(c), file)
        const ours = validate({resources: loaded.resources}).some((d) => d.severity === 'error')
        const server = await admin.create(c as k8s.KubernetesObject, undefined, 'All').then(
          () => false,
          () => true,
        )
        return {metadata: JSON.stringify(c.metadata).slice(0, 80), kind: c.kind, ours, server}
      }),
    )
    expect(verdicts.filter((v) => v.ours !== v.server)).toEqual([])
    expect(verdicts.filter((v) => v.server).length).toBeGreaterThan(10)
  })

  test('403: a ServiceAccount without rights is told the verb, resource and namespace; its token never shows', async () => {
    const none = await serviceAccountKubeconfig('nobody')
    const read = await kubectlEgress(['trace', '--kubeconfig', none.file, '--from', 'curl/curl', '--', 'curl', 'http://httpbin.org/get'])
    expect(read.status).toBe(2)
    expect(read.stderr).toContain('error: forbidden: namespaces is forbidden: User "system:serviceaccount:curl:nobody" cannot list resource "namespaces"')

    const rbac = kubeConfig().makeApiClient(k8s.RbacAuthorizationV1Api)
    await rbac.createClusterRole({body: {metadata: {name: 'read-all'}, rules: [{apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list']}]}})
    await rbac.createClusterRoleBinding({
      body: {
        metadata: {name: 'nobody-reads'},
        roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'read-all'},
        subjects: [{kind: 'ServiceAccount', name: 'nobody', namespace: 'curl'}],
      },
    })
    const write = await kubectlEgress(['apply', '--kubeconfig', none.file, '-f', EGRESS_FILE, '--yes'])
    expect(write.status).toBe(2)
    expect(write.stderr).toContain('cannot patch resource "egresses" in API group "policy.openservicemesh.io" in the namespace "curl"')
    for (const out of [read.stdout, read.stderr, write.stdout, write.stderr]) expect(out).not.toContain(none.token)
  })

  test('401: a wrong token is reported as failed authentication, without the token', async () => {
    const file = join(tmp, 'bad-token.kubeconfig')
    writeFileSync(file, readFileSync(server!.kubeconfig, 'utf8').replace(/token: .*/, 'token: not-a-valid-token'))
    const r = await kubectlEgress(['snapshot', '--kubeconfig', file])
    expect(r.status).toBe(2)
    expect(r.stderr).toBe('error: authentication to context "local" failed (401 Unauthorized): the kubeconfig\'s credentials are wrong or expired; log in again\n')
  })

  test('replay without --logs lists the pods by -n and -l; a sidecar pod that never ran (no kubelet here) is one clear line', async () => {
    // No scheduler or kubelet: the pod stays Pending, so its log cannot be read; the listing is what is tested.
    await admin.create({apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'replay', namespace: 'curl'}} as k8s.KubernetesObject)
    await admin.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name: 'replay-1', namespace: 'curl', labels: {app: 'replay'}},
      spec: {
        serviceAccountName: 'replay',
        automountServiceAccountToken: false,
        containers: [
          {name: 'curl', image: 'curl'},
          {name: 'envoy', image: 'envoy'},
        ],
      },
    } as k8s.KubernetesObject)
    const pending = await kubectlEgress(['replay', '-f', DEMO, '-n', 'curl', '-l', 'app=replay', '--since', '1h'])
    expect(pending.stderr).toBe('error: no pod in namespace "curl" with labels "app=replay" (context "local") with an istio-proxy or envoy container has started yet (1 Pending)\n')
    expect(pending.status).toBe(2)
    const none = await kubectlEgress(['replay', '-f', DEMO, '-n', 'curl', '-l', 'app=nothing'])
    expect(none.stderr).toBe('error: no pods in namespace "curl" with labels "app=nothing" (context "local")\n')
    expect(none.status).toBe(2)
  })

  test('unreachable server: named with its address', async () => {
    const file = join(tmp, 'down.kubeconfig')
    writeFileSync(file, readFileSync(server!.kubeconfig, 'utf8').replace(/127\.0\.0\.1:\d+/, '127.0.0.1:9'))
    const r = await kubectlEgress(['snapshot', '--kubeconfig', file])
    expect(r.status).toBe(2)
    expect(r.stderr).toBe('error: cannot reach the API server https://127.0.0.1:9 of context "local": ECONNREFUSED\n')
  })

  test('delete egress NAME: previews what becomes denied; dry run keeps it, then it is gone and trace denies', async () => {
    const dry = await kubectlEgress(['delete', 'egress', 'httpbin-80', '-n', 'curl', '--dry-run=server'])
    expect(dry.stdout).toContain('Egress curl/httpbin-80 deleted (server dry run)')
    expect(dry.stdout).toMatch(/newly denied +curl http:\/\/httpbin.org:80\/get/)
    expect(await exists('policy.openservicemesh.io/v1alpha1', 'Egress', 'curl', 'httpbin-80')).toBe(true)
    const r = await kubectlEgress(['delete', 'egress', 'httpbin-80', '-n', 'curl', '--yes'])
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('Egress curl/httpbin-80 deleted\n')
    expect(await exists('policy.openservicemesh.io/v1alpha1', 'Egress', 'curl', 'httpbin-80')).toBe(false)
    expect((await kubectlEgress(['trace', '--from', 'curl/curl', '--', 'curl', 'http://httpbin.org/get'])).status).toBe(1)
    const gone = await kubectlEgress(['delete', 'egress', 'httpbin-80', '-n', 'curl', '--yes'])
    expect(gone.status).toBe(2)
    expect(gone.stderr).toContain('error: Egress curl/httpbin-80 not found\n')
  })

  test('delete -f: every object in the files, reported per object', async () => {
    const r = await kubectlEgress(['delete', '-f', EGRESS_FILE, '--yes'])
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('Egress curl/httpbin-443 deleted\n')
    expect(r.stdout).toContain('HTTPRouteGroup curl/egress-http-route deleted\n')
    expect(r.stdout).toContain('Egress curl/httpbin-80 not found\n')
  })
  /**
   * More than two pages (kubectl's and client-go's page size is 500) of Egress and of Namespaces. Everything
   * that decides the last Egress sits on the last page of both lists: its namespace "bulk-1099" (the only one
   * of the 1,100 in the mesh, with sidecar injection) and the Egress "e-1099". A read that stops early cannot
   * allow the request by that Egress.
   */
  const BULK = 1_100
  const pad = (i: number) => String(i).padStart(4, '0')
  const LAST = `bulk-${pad(BULK - 1)}`
  // As the demo's namespace: in OSM's mesh, with sidecar injection.
  const LAST_META = {labels: {'openservicemesh.io/monitored-by': 'osm'}, annotations: {'openservicemesh.io/sidecar-injection': 'enabled'}}
  const lastRequest = ['--from', `${LAST}/app`, '--', 'curl', '-sI', `https://host-${BULK - 1}.example.com/`]

  /** How many of a kind the API server holds, from one unpaged list (client-node, no limit): the oracle. */
  async function countOf(apiVersion: string, kind: string): Promise<number> {
    return (await admin.list(apiVersion, kind)).items.length
  }
  const pagesOf = (n: number) => Math.ceil(n / 500)

  async function createAll(objects: k8s.KubernetesObject[]): Promise<void> {
    const queue = [...objects]
    await Promise.all(
      Array.from({length: 16}, async () => {
        for (let o = queue.shift(); o; o = queue.shift()) await admin.create(o)
      }),
    )
  }

  test(`paging: ${BULK} Namespaces and ${BULK} Egress; the objects on the third page decide the trace`, async () => {
    await createAll(Array.from({length: BULK}, (_, i) => ({apiVersion: 'v1', kind: 'Namespace', metadata: {name: `bulk-${pad(i)}`, ...(i === BULK - 1 ? LAST_META : {})}})))
    await admin.create({apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'app', namespace: LAST}})
    await createAll(
      Array.from({length: BULK}, (_, i) => ({
        apiVersion: 'policy.openservicemesh.io/v1alpha1',
        kind: 'Egress',
        metadata: {name: `e-${pad(i)}`, namespace: LAST},
        spec: {sources: [{kind: 'ServiceAccount', name: 'app', namespace: LAST}], hosts: [`host-${i}.example.com`], ports: [{number: 443, protocol: 'https'}]},
      })) as k8s.KubernetesObject[],
    )
    const egresses = await countOf('policy.openservicemesh.io/v1alpha1', 'Egress')
    const namespaces = await countOf('v1', 'Namespace')
    expect(pagesOf(egresses)).toBe(3)
    expect(pagesOf(namespaces)).toBe(3)

    const r = await kubectlEgress(['trace', '-v', ...lastRequest])
    expect(r.stdout).toMatch(new RegExp(`Decided +Egress/${LAST}/e-${pad(BULK - 1)} at cluster:local/Egress/${LAST}/e-${pad(BULK - 1)}:\\d+`))
    expect(r.status).toBe(0)
    expect(r.stderr).toContain(`Namespace ${namespaces.toLocaleString('en-US')} (3 requests)`)
    expect(r.stderr).toContain(`Egress ${egresses.toLocaleString('en-US')} (3 requests)`)
  }, 300_000)

  test('paging: snapshot writes every Egress and every Namespace', async () => {
    const r = await kubectlEgress(['snapshot'])
    expect(r.status).toBe(0)
    const kinds = parseAllDocuments(r.stdout).map((d) => d.get('kind'))
    expect(kinds.filter((k) => k === 'Egress')).toHaveLength(await countOf('policy.openservicemesh.io/v1alpha1', 'Egress'))
    expect(kinds.filter((k) => k === 'Namespace')).toHaveLength(await countOf('v1', 'Namespace'))
  })

  test('paging: diff --against-cluster compares with the Egress on the last page', async () => {
    // The files are the whole desired state: the mesh, the namespace on the last page, and its last Egress moved.
    const file = join(tmp, 'desired.yaml')
    const last = (await admin.read({
      apiVersion: 'policy.openservicemesh.io/v1alpha1',
      kind: 'Egress',
      metadata: {name: `e-${pad(BULK - 1)}`, namespace: LAST},
    })) as k8s.KubernetesObject & {spec: {hosts: string[]}}
    const namespace = {apiVersion: 'v1', kind: 'Namespace', metadata: {name: LAST, ...LAST_META}}
    const moved = {apiVersion: last.apiVersion, kind: last.kind, metadata: {name: last.metadata!.name, namespace: LAST}, spec: {...last.spec, hosts: ['moved.example.com']}}
    writeFileSync(file, [readFileSync(join(DEMO, '00-mesh.yaml'), 'utf8'), JSON.stringify(namespace), JSON.stringify(moved)].join('\n---\n'))
    const r = await kubectlEgress(['diff', '--against-cluster', '-f', file, '--from', `${LAST}/app`])
    expect(r.stdout).toMatch(new RegExp(`newly denied +curl https://${last.spec.hosts[0].replace(/\./g, '\\.')}:443/`))
    expect(r.stdout).toMatch(/newly allowed +curl https:\/\/moved\.example\.com:443\//)
  })

  /** The admin kubeconfig pointed at `url`. */
  function kubeconfigFor(url: string): string {
    const file = join(tmp, `via-${new URL(url).port}.kubeconfig`)
    writeFileSync(file, readFileSync(server!.kubeconfig, 'utf8').replace(/server: \S+/, `server: ${url}`))
    return file
  }

  test('paging: a continue token that expires midway (etcd compacted, 410 Expired) makes the list be read again whole', async () => {
    const answers: Array<{url: string; status: number}> = []
    let compacted = false
    const before = async (req: IncomingMessage) => {
      if (compacted || !/\/egresses\?.*continue=/.test(req.url ?? '')) return
      compacted = true
      // A write after the first page, then compaction up to it: the token's revision is gone.
      await admin.create({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'bump', namespace: 'default'}})
      await compactEtcd(server!.etcd)
    }
    const proxy = await startProxy(server!, {before, answers})
    try {
      const r = await kubectlEgress(['trace', '-v', '--kubeconfig', kubeconfigFor(proxy.url), ...lastRequest])
      expect(answers.filter((a) => /\/egresses(\?|$)/.test(a.url)).map((a) => a.status)).toEqual([200, 410, 200])
      expect(r.stderr).toContain(
        `Egress ${(await countOf('policy.openservicemesh.io/v1alpha1', 'Egress')).toLocaleString('en-US')} (3 requests, read again whole: its continue token expired)`,
      )
      expect(r.status).toBe(0)
    } finally {
      await proxy.close()
    }
  })

  test('paging: a first page that loses its continue token (what client-node did) is a short read, not a partial result', async () => {
    const rewrite = (url: string, body: Record<string, unknown>) => {
      if (!/\/egresses\?/.test(url) || /continue=/.test(url)) return undefined
      const {continue: _dropped, ...metadata} = body.metadata as Record<string, unknown>
      return {...body, metadata}
    }
    const proxy = await startProxy(server!, {rewrite})
    try {
      const r = await kubectlEgress(['snapshot', '--kubeconfig', kubeconfigFor(proxy.url)])
      const egresses = await countOf('policy.openservicemesh.io/v1alpha1', 'Egress')
      expect(r.stderr).toBe(`error: list Egress in context "local": the list ended after 500 objects, but the API server had announced ${egresses} (remainingItemCount)\n`)
      expect(r.status).toBe(2)
      expect(r.stdout).toBe('')
    } finally {
      await proxy.close()
    }
  })
})
