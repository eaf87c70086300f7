import {describe, expect, test} from 'vitest'
import {checkCreateFlags} from '../../src/create/spec.js'
import {clientPod} from '../helpers/client-pod.js'
import {created, expectVerdicts, verdictOf} from './helpers.js'

const mesh = 'istio' as const

/**
 * Expected outcomes from istio.io: the egress-gateway task's Gateway API tab (HTTP leaves through
 * `<gateway>-istio`, HTTPS/TLS passes through it unterminated) and Istio's Gateway API conversion (a
 * ServiceEntry-parented HTTPRoute replaces the host's sidecar routes, so a request no match admits gets 404).
 */
describe('create --gateway-api: generate, validate, trace (REGISTRY_ONLY base with default/sleep)', () => {
  const from = 'default/sleep'

  test('HTTP and HTTPS leave through the auto-deployed gateway Service <name>-egress-gateway-istio', () => {
    const {set} = created({name: 'cnn', mesh, namespace: 'default', host: ['edition.cnn.com'], port: ['80/http', '443/https'], 'gateway-api': true})
    const http = verdictOf(set, mesh, from, 'curl -s http://edition.cnn.com/politics')
    expect({verdict: http.outcome.verdict, via: http.via, upstream: http.upstream}).toEqual({
      verdict: 'allow',
      via: ['default/cnn-egress-gateway-istio'],
      upstream: 'edition.cnn.com:80',
    })
    const https = verdictOf(set, mesh, from, 'curl -s https://edition.cnn.com/politics')
    expect({verdict: https.outcome.verdict, via: https.via, upstream: https.upstream}).toEqual({
      verdict: 'allow',
      via: ['default/cnn-egress-gateway-istio'],
      upstream: 'edition.cnn.com:443',
    })
    expectVerdicts(set, mesh, from, [], ['curl -s http://example.com/'])
  })

  test('--path and --method narrow the ServiceEntry-parented HTTPRoute: other requests get 404 at the sidecar', () => {
    const {set} = created({
      name: 'httpbin',
      mesh,
      namespace: 'default',
      host: ['httpbin.org'],
      port: ['80/http'],
      path: ['/get', '/status/.*'],
      method: ['GET'],
      'gateway-api': true,
    })
    expectVerdicts(
      set,
      mesh,
      from,
      ['curl -s http://httpbin.org/get', 'curl -s http://httpbin.org/status/418'],
      ['curl -s http://httpbin.org/post', 'curl -s -X POST http://httpbin.org/get'],
    )
    expect(verdictOf(set, mesh, from, 'curl -s http://httpbin.org/post').outcome.status).toBe(404)
  })

  test('what the Gateway API form cannot carry is refused, one line each', () => {
    const checked = checkCreateFlags({mesh, name: 'x', host: ['a.example.com'], port: ['80/http', '8080/http'], method: ['PROPFIND'], 'gateway-api': true, 'via-gateway': true})
    expect(checked.problems).toEqual([
      '--gateway-api already routes through an egress gateway (its Gateway API form): drop --via-gateway',
      '--gateway-api takes one http port: the ServiceEntry-parented HTTPRoute sends every http port to one gateway listener',
      '--method PROPFIND: an HTTPRoute match takes one of GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH',
    ])
  })
})

/** An ambient client namespace, as the ambient "Egress gateways" task labels default (label_default_ambient). */
const AMBIENT_BASE = [
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: istio-system}',
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: default, labels: {istio.io/dataplane-mode: ambient}}',
  clientPod('default', 'curl'),
  clientPod('default', 'other'),
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: istio-egress}',
].join('\n---\n')

/** Outcomes of the ambient "Egress gateways" task: verify_egress_traffic (200 via the waypoint), verify_allowed_request, verify_denied_request (403). */
describe('create --ambient: generate, validate, trace', () => {
  test('the ServiceEntry is bound to the waypoint: traffic goes through istio-egress/waypoint', () => {
    const {set} = created({name: 'httpbin', mesh, namespace: 'istio-egress', from: 'default/curl', host: ['httpbin.org'], port: ['80/http'], ambient: true}, 'yaml', AMBIENT_BASE)
    const t = verdictOf(set, mesh, 'default/curl', 'curl -s http://httpbin.org/get')
    expect({verdict: t.outcome.verdict, via: t.via}).toEqual({verdict: 'allow', via: ['istio-egress/waypoint']})
  })

  test("--from, --method and --path become the waypoint's ALLOW policy: anything else gets 403", () => {
    const {set} = created(
      {name: 'httpbin', mesh, namespace: 'istio-egress', from: 'default/curl', host: ['httpbin.org'], port: ['80/http'], method: ['GET'], path: ['/get'], ambient: true},
      'yaml',
      AMBIENT_BASE,
    )
    expectVerdicts(set, mesh, 'default/curl', ['curl -s http://httpbin.org/get'], ['curl -s -X POST http://httpbin.org/post', 'curl -s http://httpbin.org/headers'])
    expect(verdictOf(set, mesh, 'default/curl', 'curl -s -X POST http://httpbin.org/post').outcome.status).toBe(403)
    expectVerdicts(set, mesh, 'default/other', [], ['curl -s http://httpbin.org/get'])
  })

  test('a regex --path with no AuthorizationPolicy form is refused', () => {
    const checked = checkCreateFlags({mesh, name: 'x', host: ['a.example.com'], port: ['80/http'], path: ['/a/[0-9]+', '/b/.*'], ambient: true})
    expect(checked.problems).toEqual(['--path /a/[0-9]+: an AuthorizationPolicy matches a path exactly, by prefix (/api/.*) or suffix, not by regex'])
  })
})
