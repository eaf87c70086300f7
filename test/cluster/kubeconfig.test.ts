import {copyFileSync, mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {delimiter, join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {stringify} from 'yaml'
import {InputError} from '../../src/cli/exit.js'
import {resolveKubeconfig, type ClusterFlags, type Environment} from '../../src/cluster/kubeconfig.js'

const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'))

function kubeconfig(
  file: string,
  o: {current?: string; clusters?: Record<string, string>; users?: string[]; contexts?: Record<string, {cluster: string; user: string; namespace?: string}>},
): string {
  const path = join(dir, file)
  writeFileSync(
    path,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': o.current,
      clusters: Object.entries(o.clusters ?? {}).map(([name, server]) => ({name, cluster: {server, 'certificate-authority': 'ca.crt'}})),
      users: (o.users ?? []).map((name) => ({name, user: {token: `token-of-${name}-in-${file}`}})),
      contexts: Object.entries(o.contexts ?? {}).map(([name, context]) => ({name, context})),
    }),
  )
  return path
}

const a = kubeconfig('a.yaml', {
  current: 'ctx-a',
  clusters: {shared: 'https://a.example:6443', 'only-a': 'https://only-a:6443'},
  users: ['u'],
  contexts: {'ctx-a': {cluster: 'shared', user: 'u', namespace: 'team-a'}, dup: {cluster: 'only-a', user: 'u'}},
})
const b = kubeconfig('b.yaml', {
  current: 'ctx-b',
  clusters: {shared: 'https://b.example:6443'},
  users: ['u'],
  contexts: {'ctx-b': {cluster: 'shared', user: 'u'}, dup: {cluster: 'shared', user: 'u', namespace: 'from-b'}},
})
const noCurrent = kubeconfig('c.yaml', {clusters: {c: 'https://c:6443'}, users: ['u'], contexts: {'ctx-c': {cluster: 'c', user: 'u'}}})
const dangling = kubeconfig('d.yaml', {current: 'broken', contexts: {broken: {cluster: 'nowhere', user: 'u'}}})
const missing = join(dir, 'missing.yaml')

const resolveWith = (flags: ClusterFlags, env: Environment) => resolveKubeconfig(flags, env)
const errorOf = (fn: () => unknown): string => {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(InputError)
    return (e as InputError).lines.join('\n')
  }
  throw new Error('expected an InputError')
}

describe('resolveKubeconfig', () => {
  test.each([
    {name: 'first file sets current-context', env: [a, b], flags: {}, context: 'ctx-a', server: 'https://a.example:6443', namespace: 'team-a'},
    {name: 'order reversed: the other file wins', env: [b, a], flags: {}, context: 'ctx-b', server: 'https://b.example:6443', namespace: 'default'},
    {
      name: 'first file without current-context: the next one that sets it',
      env: [noCurrent, b, a],
      flags: {},
      context: 'ctx-b',
      server: 'https://b.example:6443',
      namespace: 'default',
    },
    {name: 'missing file skipped', env: [missing, b], flags: {}, context: 'ctx-b', server: 'https://b.example:6443', namespace: 'default'},
    {name: 'duplicate cluster name: first definition wins', env: [b, a], flags: {context: 'ctx-a'}, context: 'ctx-a', server: 'https://b.example:6443', namespace: 'team-a'},
    {name: 'duplicate context name: first definition wins', env: [a, b], flags: {context: 'dup'}, context: 'dup', server: 'https://only-a:6443', namespace: 'default'},
    {name: 'duplicate context name, other order', env: [b, a], flags: {context: 'dup'}, context: 'dup', server: 'https://b.example:6443', namespace: 'from-b'},
    {name: '-n overrides the context namespace', env: [a], flags: {namespace: 'other'}, context: 'ctx-a', server: 'https://a.example:6443', namespace: 'other'},
    {name: '--context picks a context from a later file', env: [a, noCurrent], flags: {context: 'ctx-c'}, context: 'ctx-c', server: 'https://c:6443', namespace: 'default'},
  ])('$name', ({env, flags, context, server, namespace}) => {
    const r = resolveWith(flags, {KUBECONFIG: env.join(delimiter), HOME: dir})
    expect({context: r.context, server: r.server, namespace: r.namespace}).toEqual({context, server, namespace})
    expect(r.config['current-context']).toBe(context)
    expect(r.config.contexts[0].context).toMatchObject({namespace})
  })

  test('duplicate user: the first file’s credentials are used', () => {
    const r = resolveWith({}, {KUBECONFIG: [b, a].join(delimiter)})
    expect(r.config.users[0].user).toEqual({token: 'token-of-u-in-b.yaml'})
  })

  test('relative certificate paths are made relative to their file', () => {
    const r = resolveWith({}, {KUBECONFIG: a})
    expect(r.config.clusters[0].cluster).toMatchObject({'certificate-authority': join(dir, 'ca.crt')})
  })

  test('--kubeconfig replaces KUBECONFIG', () => {
    const r = resolveWith({kubeconfig: b}, {KUBECONFIG: a})
    expect(r.context).toBe('ctx-b')
    expect(r.files).toEqual([b])
  })

  test('default is ~/.kube/config', () => {
    const home = mkdtempSync(join(tmpdir(), 'home-'))
    mkdirSync(join(home, '.kube'))
    copyFileSync(b, join(home, '.kube', 'config'))
    expect(resolveWith({}, {HOME: home}).context).toBe('ctx-b')
  })

  test.each([
    {name: 'no kubeconfig at all', flags: {}, env: {HOME: join(dir, 'nohome')}, says: /no kubeconfig: .*nohome\/\.kube\/config does not exist/},
    {name: 'every KUBECONFIG file missing', flags: {}, env: {KUBECONFIG: missing}, says: /no kubeconfig: none of the files in KUBECONFIG exist/},
    {name: '--kubeconfig file missing', flags: {kubeconfig: missing}, env: {KUBECONFIG: a}, says: /--kubeconfig .*missing.yaml: no such file/},
    {name: 'unknown --context', flags: {context: 'nope'}, env: {KUBECONFIG: a}, says: /context "nope" does not exist .*contexts: ctx-a, dup/},
    {name: 'no current-context and no --context', flags: {}, env: {KUBECONFIG: noCurrent}, says: /no current context .*pass --context/},
    {name: 'context naming a missing cluster', flags: {}, env: {KUBECONFIG: dangling}, says: /refers to cluster "nowhere"/},
  ])('error: $name', ({flags, env, says}) => {
    expect(errorOf(() => resolveWith(flags, env))).toMatch(says)
  })

  test('errors never show credentials', () => {
    expect(errorOf(() => resolveWith({context: 'nope'}, {KUBECONFIG: a}))).not.toMatch(/token-of/)
  })
})
