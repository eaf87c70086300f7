import {expect, test} from 'vitest'
import {matchVirtualHost, stripPort} from '../../sim/trace/match-virtual-host.js'
import {routeConfig, vhost} from '../helpers/rules.js'

const osm = routeConfig('rds-egress.80', [vhost('httpbin', ['httpbin.org', 'httpbin.org:80']), vhost('wild', ['*.example.com']), vhost('prefix', ['api.*']), vhost('any', ['*'])])

test.each([
  {authority: 'httpbin.org', want: 'httpbin'},
  {authority: 'HTTPBIN.org', want: 'httpbin'},
  {authority: 'httpbin.org:80', want: 'httpbin'},
  {authority: 'httpbin.org:8080', want: 'any'},
  {authority: 'a.example.com', want: 'wild'},
  {authority: 'example.com', want: 'any'},
  {authority: 'api.foo', want: 'prefix'},
])('Envoy domain matching: $authority → $want', ({authority, want}) => {
  expect(matchVirtualHost(osm, authority)?.name).toBe(want)
})

test('Host with port does not match a port-less domain unless the port is ignored (Istio ≥ 1.16)', () => {
  const rc = routeConfig('80', [vhost('h', ['httpbin.org'])])
  expect(matchVirtualHost(rc, 'httpbin.org:80')).toBeNull()
  expect(matchVirtualHost({...rc, ignorePortInHostMatching: true}, 'httpbin.org:80')?.name).toBe('h')
})

test('longer suffix wildcard wins', () => {
  const rc = routeConfig('x', [vhost('short', ['*.com']), vhost('long', ['*.example.com'])])
  expect(matchVirtualHost(rc, 'a.example.com')?.name).toBe('long')
})

test('Pipy looks the raw Host header up case-sensitively, without wildcards', () => {
  const rc = routeConfig('pipy', [vhost('h', ['httpbin.org']), vhost('w', ['*'])], {hostMatch: 'exact'})
  expect(matchVirtualHost(rc, 'httpbin.org')?.name).toBe('h')
  expect(matchVirtualHost(rc, 'HTTPBIN.org')).toBeNull()
})

test('stripPort keeps IPv6 literals intact', () => {
  expect(stripPort('[2001:db8::1]:8080')).toBe('[2001:db8::1]')
  expect(stripPort('a.com:80')).toBe('a.com')
  expect(stripPort('a.com')).toBe('a.com')
})
