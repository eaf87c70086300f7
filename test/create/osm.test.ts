import {describe, expect, test} from 'vitest'
import {parse} from 'yaml'
import {created, expectVerdicts} from './helpers.js'

const from = 'curl/curl'

describe('create for OSM: generate, validate, trace', () => {
  test('--host --port 443/https allows HTTPS to that host by SNI only', () => {
    const {set} = created({name: 'httpbin', from, host: ['httpbin.org'], port: ['443/https']})
    expectVerdicts(
      set,
      'osm',
      from,
      ['curl -sI https://httpbin.org/get'],
      ['curl -sI https://example.com/', 'curl -sI http://httpbin.org/get', 'curl -sI https://httpbin.org:8443/'],
    )
  })

  test('two --port flags: http and https', () => {
    const {set} = created({name: 'httpbin', from, host: ['httpbin.org'], port: ['80/http', '443/https']})
    expectVerdicts(set, 'osm', from, ['curl -s http://httpbin.org/anything', 'curl -sI https://httpbin.org/'], ['curl -s http://example.com/'])
  })

  test('two --host flags', () => {
    const {set} = created({name: 'two', from, host: ['httpbin.org', 'example.com'], port: ['443/https']})
    expectVerdicts(set, 'osm', from, ['curl -sI https://httpbin.org/', 'curl -sI https://example.com/'], ['curl -sI https://example.org/'])
  })

  test('--path narrows HTTP to whole-path regexes through an HTTPRouteGroup', () => {
    const {set, text} = created({name: 'httpbin', from, host: ['httpbin.org'], port: ['80/http'], path: ['/get', '/status/.*']})
    expect(text).toContain('kind: HTTPRouteGroup')
    expectVerdicts(
      set,
      'osm',
      from,
      ['curl -s http://httpbin.org/get', 'curl -s http://httpbin.org/status/418'],
      ['curl -s http://httpbin.org/post', 'curl -s http://httpbin.org/get/more'],
    )
  })

  test('--method narrows HTTP methods', () => {
    const {set} = created({name: 'httpbin', from, host: ['httpbin.org'], port: ['80/http'], method: ['get']})
    expectVerdicts(set, 'osm', from, ['curl -s http://httpbin.org/get'], ['curl -s -X POST http://httpbin.org/post'])
  })

  test('--header requires a header matching the regex', () => {
    const {set} = created({name: 'httpbin', from, host: ['httpbin.org'], port: ['80/http'], header: ['x-team=a.*']})
    expectVerdicts(set, 'osm', from, ['curl -s -H "x-team: alpha" http://httpbin.org/get'], ['curl -s -H "x-team: beta" http://httpbin.org/get', 'curl -s http://httpbin.org/get'])
  })

  test('--port 5432/tcp with --ip allows that range on that port only', () => {
    const {set, text} = created({name: 'db', from, port: ['5432/tcp'], ip: ['10.20.0.0/16']})
    expect(text).not.toContain('hosts')
    expectVerdicts(set, 'osm', from, ['nc 10.20.3.4 5432'], ['nc 10.30.3.4 5432', 'nc 10.20.3.4 5433'])
  })

  test('a bare server-first port becomes tcp-server-first, and the sidecar does not wait for the client', () => {
    const {set, text} = created({name: 'mysql', from, port: ['3306'], ip: ['10.20.0.5/32']})
    expect(parse(text.split('---\n').at(-1)!).spec.ports).toEqual([{number: 3306, protocol: 'tcp-server-first'}])
    expectVerdicts(set, 'osm', from, ['nc 10.20.0.5 3306'], ['nc 10.20.0.6 3306'])
  })

  test('--port N/tcp-server-first is written as asked', () => {
    const {text} = created({name: 'pg', from, port: ['5432/tcp-server-first'], ip: ['10.20.0.5/32']})
    expect(text).toContain('protocol: tcp-server-first')
  })

  test('--ip on https narrows the SNI chain to the range', () => {
    const {set} = created({name: 'api', from, host: ['api.example.com'], port: ['443/https'], ip: ['203.0.113.0/24']})
    expectVerdicts(
      set,
      'osm',
      from,
      ['curl --resolve api.example.com:443:203.0.113.9 https://api.example.com/'],
      ['curl --resolve api.example.com:443:198.51.100.9 https://api.example.com/'],
    )
  })

  test('--mesh osm-edge writes the same API and Pipy enforces it', () => {
    const {set} = created({name: 'httpbin', mesh: 'osm-edge', from, host: ['httpbin.org'], port: ['80/http'], path: ['/get']})
    expectVerdicts(set, 'osm-edge', from, ['curl -s http://httpbin.org/get'], ['curl -s http://example.com/get'])
  })

  test('-o json prints a List that loads and traces the same', () => {
    const {set, text} = created({name: 'httpbin', from, host: ['httpbin.org'], port: ['443/https']}, 'json')
    expect(JSON.parse(text).kind).toBe('List')
    expectVerdicts(set, 'osm', from, ['curl -sI https://httpbin.org/'], ['curl -sI https://example.com/'])
  })
})
