import {expect, test} from 'vitest'
import type {HttpRequest} from '../../sim/request/types.js'
import {matchRoute, routeMismatches} from '../../sim/trace/match-route.js'
import {route} from '../helpers/rules.js'

const req = (r: Partial<HttpRequest>): HttpRequest => ({method: 'GET', path: '/', authority: 'httpbin.org', headers: {}, version: '1.1', ...r})
const regex = (value: string, mode: 'full' | 'search' = 'full') => ({kind: 'regex' as const, value, mode})

test.each([
  {name: 'full match: /get matches /get', path: regex('/get'), p: '/get', ok: true},
  {name: 'full match ignores the query string', path: regex('/get'), p: '/get?x=1', ok: true},
  {name: 'full match: /get does not match /get/', path: regex('/get'), p: '/get/', ok: false},
  {name: 'full match: /get does not match /anything/get', path: regex('/get'), p: '/anything/get', ok: false},
  {name: 'full match: /status.* matches /status/200', path: regex('/status.*'), p: '/status/200', ok: true},
  {name: 'Pipy search: /get matches /anything/get', path: regex('/get', 'search'), p: '/anything/get', ok: true},
  {name: 'prefix', path: {kind: 'prefix' as const, value: '/api'}, p: '/api/v1', ok: true},
  {name: 'exact', path: {kind: 'exact' as const, value: '/api'}, p: '/api/v1', ok: false},
])('$name', ({path, p, ok}) => {
  expect(routeMismatches(route('r', {path}), req({path: p})).length === 0).toBe(ok)
})

test('a GET-only route does not match HEAD (curl -I)', () => {
  const r = route('get', {headers: [{name: ':method', match: regex('GET')}]})
  expect(routeMismatches(r, req({method: 'HEAD'}))).toEqual([{field: 'header :method', wanted: 'matches /GET/', got: 'HEAD'}])
})

// envoy header_utility.cc HeaderUtility::matchHeaders (quoted in match-route.ts).
test.each([
  {name: 'absent header, regex matcher: no match', h: {match: regex('a')}, ok: false},
  {name: 'absent header, inverted regex matcher: still no match (Envoy returns before inverting)', h: {match: regex('a'), invert: true}, ok: false},
  {name: 'absent header, inverted presence matcher: match', h: {match: {kind: 'present' as const, value: ''}, invert: true}, ok: true},
  {name: 'absent header as "", inverted "a": match', h: {match: regex('a'), invert: true, treatMissingAsEmpty: true}, ok: true},
  {name: 'absent header as "", inverted ".*": no match ("" matches .*)', h: {match: regex('.*'), invert: true, treatMissingAsEmpty: true}, ok: false},
])('$name', ({h, ok}) => {
  expect(routeMismatches(route('h', {headers: [{name: 'x-team', ...h}]}), req({})).length === 0).toBe(ok)
})

test('the first matching route wins', () => {
  const routes = [route('one', {path: regex('/a.*')}), route('two', {path: regex('/ab')})]
  expect(matchRoute(routes, req({path: '/ab'}))?.name).toBe('one')
})

test('query parameters must all match; an absent one fails', () => {
  const r = route('q', {queryParameters: [{name: 'debug', match: {kind: 'exact', value: '1'}}]})
  expect(routeMismatches(r, req({path: '/x?debug=1'}))).toEqual([])
  expect(routeMismatches(r, req({path: '/x?debug=2'})).map((m) => m.field)).toEqual(['query debug'])
  expect(routeMismatches(r, req({path: '/x'})).map((m) => m.field)).toEqual(['query debug'])
})
