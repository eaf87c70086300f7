import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {requestFrom} from '../../sim/request/index.js'
import {trace} from '../../sim/trace/index.js'
import {reachOf} from '../../src/diff/diff-tables.js'
import {diffSets} from '../../src/diff/index.js'
import {tableFor} from '../../src/pipeline.js'
import {egress, osmMesh, routeGroup, set} from './helpers.js'

/** A small OSM policy set: a few Egress policies over a handful of hosts, ports, ranges and path regexes. */
const policySet = fc
  .record({
    passthrough: fc.boolean(),
    policies: fc.array(
      fc.oneof(
        fc.record({
          kind: fc.constant('http' as const),
          hosts: fc.subarray(['httpbin.org', 'example.com', 'api.test'], {minLength: 1}),
          paths: fc.option(fc.subarray(['/get', '/status.*', '/a/[0-9]+'], {minLength: 1}), {nil: undefined}),
        }),
        fc.record({kind: fc.constant('https' as const), hosts: fc.subarray(['httpbin.org', 'example.com'], {minLength: 1})}),
        fc.record({kind: fc.constant('tcp' as const), cidr: fc.constantFrom('10.0.0.0/24', '10.0.0.0/16', '10.1.2.3/32')}),
      ),
      {maxLength: 3},
    ),
  })
  .map(({passthrough, policies}) =>
    set(
      osmMesh(passthrough),
      ...policies.map((p, i) => {
        if (p.kind === 'tcp') return egress(`p${i}`, {ipAddresses: [p.cidr], port: 5432, protocol: 'tcp'})
        if (p.kind === 'https') return egress(`p${i}`, {hosts: p.hosts, port: 443, protocol: 'https'})
        const group = p.paths ? routeGroup(`g${i}`, p.paths) + '---\n' : ''
        return group + egress(`p${i}`, {hosts: p.hosts, port: 80, protocol: 'http', routeGroup: p.paths ? `g${i}` : undefined})
      }),
    ),
  )

describe('diff properties', () => {
  test('diff(A, A) is empty', () => {
    fc.assert(
      fc.property(policySet, (a) => diffSets(a, a, 'osm').changes.length === 0),
      {numRuns: 40},
    )
  })

  test('every reported difference is confirmed by tracing its representative against both sets', () => {
    fc.assert(
      fc.property(policySet, policySet, (a, b) => {
        for (const c of diffSets(a, b, 'osm').changes) {
          const request = requestFrom(c.request.command)
          if (!request.ok) return false
          const before = reachOf(trace(tableFor(a, 'osm', c.identity), request.value))
          const after = reachOf(trace(tableFor(b, 'osm', c.identity), request.value))
          expect(before).toEqual(c.before)
          expect(after).toEqual(c.after)
          expect(before).not.toEqual(after)
        }
        return true
      }),
      {numRuns: 40},
    )
  })
})
