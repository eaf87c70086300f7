import {describe, expect, test} from 'vitest'
import {created, expectVerdicts, meshBase, verdictOf} from './helpers.js'

const from = 'default/sleep'
const mesh = 'istio' as const

describe('create for Istio: generate, validate, trace (REGISTRY_ONLY base)', () => {
  test('--port 443/https registers the host: HTTPS to it passes, other hosts are reset', () => {
    const {set} = created({name: 'httpbin', mesh, from, host: ['httpbin.org'], port: ['443/https']})
    expectVerdicts(set, mesh, from, ['curl -sI https://httpbin.org/'], ['curl -sI https://example.com/'])
  })

  test('--port 80/http with --path and --method: a VirtualService allows only those', () => {
    const {set, text} = created({name: 'httpbin', mesh, from, host: ['httpbin.org'], port: ['80/http'], path: ['/get'], method: ['GET']})
    expect(text).toContain('kind: VirtualService')
    expectVerdicts(
      set,
      mesh,
      from,
      ['curl -s http://httpbin.org/get'],
      ['curl -s http://httpbin.org/post', 'curl -s -X POST http://httpbin.org/get', 'curl -s http://example.com/get'],
    )
  })

  test('--header on Istio', () => {
    const {set} = created({name: 'httpbin', mesh, from, host: ['httpbin.org'], port: ['80/http'], header: ['x-team=a.*']})
    expectVerdicts(set, mesh, from, ['curl -s -H "x-team: alpha" http://httpbin.org/get'], ['curl -s -H "x-team: beta" http://httpbin.org/get'])
  })

  test('--timeout: 504 after the timeout when the destination is slower', () => {
    const {set} = created({name: 'httpbin', mesh, from, host: ['httpbin.org'], port: ['80/http'], timeout: '3s'})
    expect(verdictOf(set, mesh, from, 'curl -s http://httpbin.org/delay/1', 1).outcome.verdict).toBe('allow')
    const slow = verdictOf(set, mesh, from, 'curl -s http://httpbin.org/delay/5', 5).outcome
    expect({verdict: slow.verdict, status: slow.status, afterSeconds: slow.afterSeconds}).toEqual({verdict: 'deny', status: 504, afterSeconds: 3})
  })

  test('--port 25/tcp with --ip: that address only', () => {
    const {set} = created({name: 'smtp', mesh, from, host: ['smtp.example.com'], port: ['25/tcp'], ip: ['203.0.113.25/32']})
    expectVerdicts(set, mesh, from, ['nc 203.0.113.25 25'], ['nc 203.0.113.26 25'])
  })

  test('--port 443/tls', () => {
    const {set} = created({name: 'api', mesh, from, host: ['api.example.com'], port: ['443/tls']})
    expectVerdicts(
      set,
      mesh,
      from,
      ['openssl s_client -connect api.example.com:443 -servername api.example.com'],
      ['openssl s_client -connect other.example.com:443 -servername other.example.com'],
    )
  })

  test('--tls-origination: plain HTTP from the app leaves as TLS to 443', () => {
    const {set} = created({name: 'cnn', mesh, from, host: ['edition.cnn.com'], port: ['80/http'], 'tls-origination': true})
    const t = verdictOf(set, mesh, from, 'curl -s http://edition.cnn.com/politics')
    expect({verdict: t.outcome.verdict, tls: t.tls, upstream: t.upstream}).toEqual({verdict: 'allow', tls: 'originated', upstream: 'edition.cnn.com:443'})
    expectVerdicts(set, mesh, from, [], ['curl -s http://example.com/'])
  })

  test('--via-gateway: HTTP and HTTPS leave through the egress gateway', () => {
    const {set} = created({name: 'cnn', mesh, from, host: ['edition.cnn.com'], port: ['80/http', '443/https'], 'via-gateway': true})
    for (const r of ['curl -s http://edition.cnn.com/politics', 'curl -sI https://edition.cnn.com/']) {
      const t = verdictOf(set, mesh, from, r)
      expect({r, verdict: t.outcome.verdict, via: t.via}).toEqual({r, verdict: 'allow', via: ['istio-system/istio-egressgateway']})
    }
    expectVerdicts(set, mesh, from, [], ['curl -s http://example.com/'])
  })

  test('--lockdown: through the gateway still works; a pod without sidecar is stopped by the NetworkPolicy', () => {
    const {set} = created({name: 'cnn', mesh, from, host: ['edition.cnn.com'], port: ['80/http'], 'via-gateway': true, lockdown: true})
    expectVerdicts(set, mesh, from, ['curl -s http://edition.cnn.com/politics'], [])
    const bypass = meshBase(mesh).replace('labels:\n        app: sleep', 'labels:\n        app: sleep\n      annotations:\n        sidecar.istio.io/inject: "false"')
    const {set: noSidecar} = created({name: 'cnn', mesh, from, host: ['edition.cnn.com'], port: ['80/http'], 'via-gateway': true, lockdown: true}, 'yaml', bypass)
    const t = verdictOf(noSidecar, mesh, from, 'curl -s http://edition.cnn.com/politics')
    expect({verdict: t.outcome.verdict, by: t.decidedBy?.from === 'resource' ? t.decidedBy.ref.kind : null}).toEqual({verdict: 'deny', by: 'NetworkPolicy'})
  })

  test('--lockdown with --ip allows the address on the port, and nothing else once bypassed', () => {
    const base = meshBase(mesh).replace('labels:\n        app: sleep', 'labels:\n        app: sleep\n      annotations:\n        sidecar.istio.io/inject: "false"')
    const {set} = created({name: 'smtp', mesh, from, host: ['smtp.example.com'], port: ['25/tcp'], ip: ['203.0.113.25/32'], lockdown: true}, 'yaml', base)
    expectVerdicts(set, mesh, from, ['nc 203.0.113.25 25'], ['nc 203.0.113.26 25', 'nc 203.0.113.25 26'])
  })
})
