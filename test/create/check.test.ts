import {describe, expect, test} from 'vitest'
import {type CreateFlags, checkCreateFlags} from '../../src/create/spec.js'

const ok: CreateFlags = {mesh: 'osm', name: 'x', from: 'curl/curl', host: ['httpbin.org'], port: ['443/https']}

describe('create refuses what the mesh cannot express', () => {
  test.each([
    ['missing everything', {mesh: 'osm'} as CreateFlags, ['name', 'from', 'host', 'port'], 0],
    ['tcp-only OSM needs no host', {mesh: 'osm', name: 'db', from: 'a/b', port: ['5432/tcp']} as CreateFlags, [], 0],
    ['bad port', {...ok, port: ['70000/https']}, [], 1],
    ['port without protocol', {...ok, port: ['8443']}, [], 1],
    ['tcp-server-first on Istio', {...ok, mesh: 'istio', port: ['3306/tcp-server-first']}, [], 1],
    ['--path without http', {...ok, path: ['/get']}, [], 1],
    ['--ip with http on OSM', {...ok, port: ['80/http'], ip: ['10.0.0.0/8']}, [], 1],
    ['IP host on https', {...ok, host: ['10.0.0.5']}, [], 1],
    ['Istio-only flag on OSM', {...ok, 'via-gateway': true}, [], 1],
    ['Istio tcp without --ip', {...ok, mesh: 'istio', port: ['25/tcp']}, [], 1],
    ['--lockdown without gateway or ip', {...ok, mesh: 'istio', lockdown: true}, [], 1],
    ['--tls-origination without http', {...ok, mesh: 'istio', 'tls-origination': true}, [], 1],
    ['bad --timeout', {...ok, mesh: 'istio', port: ['80/http'], timeout: 'soon'}, [], 1],
    ['bad --header', {...ok, port: ['80/http'], header: ['x-team']}, [], 1],
    ['bad CIDR', {...ok, port: ['443/tcp'], ip: ['10.0.0.0/33']}, [], 1],
  ] as Array<[string, CreateFlags, string[], number]>)('%s', (_, flags, missing, problems) => {
    const got = checkCreateFlags(flags)
    expect(got.missing).toEqual(missing)
    expect(got.problems).toHaveLength(problems)
    expect(got.spec === undefined).toBe(missing.length + problems > 0)
  })

  test('a tcp port known to be server-first is offered tcp-server-first', () => {
    expect(checkCreateFlags({...ok, host: [], port: ['3306/tcp'], ip: ['10.0.0.5/32']}).notes).toEqual([
      'port 3306 is MySQL, a server-first protocol: --port 3306/tcp-server-first stops the sidecar waiting 15 s for client bytes',
    ])
  })
})
