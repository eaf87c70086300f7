import {describe, expect, it} from 'vitest'
import {loadFiles} from '../../src/load/files.js'
import {collectLogs} from '../../src/replay/read-logs.js'
import {replay} from '../../src/replay/replay.js'
import {prove} from '../../src/suggest/prove.js'

// The proof must reject a policy wider than what was observed: a /24 for the one observed Redis address
// 203.0.113.7 also allows 203.0.113.8, the neighbour prove.ts checks (test/suggest/logs/osm: see suggest.test.ts).
const tooWide = `apiVersion: policy.openservicemesh.io/v1alpha1
kind: Egress
metadata: {name: redis, namespace: curl}
spec:
  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
  ipAddresses: [203.0.113.0/24]
  ports: [{number: 6379, protocol: tcp}]
`

describe('prove', () => {
  it('fails a suggestion that allows an unobserved neighbour, and passes the /32', async () => {
    const {set} = await loadFiles(['examples/osm/00-mesh.yaml'])
    const observed = (await collectLogs(['test/suggest/logs/osm/osm.log'])).observed()
    const opts = {mesh: 'osm' as const, paths: false}
    const before = replay(set, observed, opts)
    const wanted = before.filter((f) => f.flow?.kind === 'tcp')
    expect(wanted).toHaveLength(1)
    const wide = prove(set, tooWide, observed, before, wanted, opts)
    expect(wide.problems).toEqual(['a flow never observed would be allowed: curl/curl TCP 203.0.113.8:6379'])
    const exact = prove(set, tooWide.replace('203.0.113.0/24', '203.0.113.7/32'), observed, before, wanted, opts)
    expect(exact.problems).toEqual([])
  })
})
