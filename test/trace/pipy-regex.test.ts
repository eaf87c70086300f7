import {expect, test} from 'vitest'
import type {HttpRequest} from '../../sim/request/types.js'
import {pipyRegexDifference} from '../../sim/rules/pipy-regex.js'
import {routeMismatches} from '../../sim/trace/match-route.js'
import {route} from '../helpers/rules.js'

// osm-edge outbound-http-routing.js: `new RegExp(config.Path)` tested on `head.path` (query included),
// header rules `v.test(headers[k] || '')`; PipyJS RegExp::test is std::regex_search (a match anywhere).
const req = (r: Partial<HttpRequest>): HttpRequest => ({method: 'GET', path: '/', authority: 'httpbin.org', headers: {}, version: '1.1', ...r})
const search = (value: string) => ({kind: 'regex' as const, value, mode: 'search' as const})
const pipyRoute = (m: Parameters<typeof route>[1]) => route('r', {pathIncludesQuery: true, ...m})

test.each([
  {name: 'a match anywhere in the path counts', path: search('/get'), p: '/anything/get', ok: true},
  {name: 'the query string is part of what is searched', path: search('/get$'), p: '/get?x=1', ok: false},
  {name: 'so a regex can match inside the query string', path: search('x=1'), p: '/get?x=1', ok: true},
])('$name', ({path, p, ok}) => {
  expect(routeMismatches(pipyRoute({path}), req({path: p})).length === 0).toBe(ok)
})

test('an absent header is searched as the empty string', () => {
  const header = (value: string) => pipyRoute({headers: [{name: 'x-team', match: search(value), treatMissingAsEmpty: true}]})
  expect(routeMismatches(header('^$'), req({})).length).toBe(0)
  expect(routeMismatches(header('a'), req({})).length).toBe(1)
})

// C++ [re.grammar]: std::regex's ECMAScript grammar has [:class:] inside brackets, and no lookbehind or
// named groups (ECMAScript 3); PipyJS searches UTF-8 bytes.
test.each([
  {re: '/[[:alpha:]]+', differs: true},
  {re: '(?<=a)b', differs: true},
  {re: '(?<v>v1)', differs: true},
  {re: '/bücher', differs: true},
  {re: '(', differs: true},
  {re: '/api/v[0-9]+/.*', differs: false},
  {re: '/get', differs: false},
])('std::regex and JavaScript read $re differently: $differs', ({re, differs}) => {
  expect(pipyRegexDifference(re) !== null).toBe(differs)
})
