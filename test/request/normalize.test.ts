import {describe, expect, test} from 'vitest'
import {normalizeRequest, type RequestDraft} from '../../sim/request/index.js'
import {parsed} from './helpers.js'

describe('normalizeRequest: every default is recorded', () => {
  test.each([
    {
      line: 'curl -sI https://httpbin.org/get',
      defaults: [
        'port 443 (https default)',
        'ip unknown: httpbin.org is resolved by DNS, outside the simulation',
        'SNI httpbin.org (curl sends the URL host)',
        "ALPN h2, http/1.1 (curl's offer over TLS)",
        'method HEAD (-I)',
        'Host header httpbin.org (curl omits the default port 443)',
        'HTTP/2 (when the server picks h2 from ALPN, as most do)',
        "user-agent: curl/8.11.1 (curl's own, version 8.11.1 assumed)",
        "accept: */* (curl's own)",
      ],
    },
    {
      line: 'curl --resolve a.io:8080:1.2.3.4 -d x http://a.io:8080',
      defaults: [
        'ip 1.2.3.4 (--resolve a.io:8080:1.2.3.4)',
        "ALPN http/1.1 (Envoy's HTTP inspector detects plaintext HTTP/1.1)",
        'method POST (curl posts data given with -d)',
        'path / (the URL has none)',
        'Host header a.io:8080 (curl adds a non-default port)',
        'HTTP/1.1 (curl default)',
        "user-agent: curl/8.11.1 (curl's own, version 8.11.1 assumed)",
        "accept: */* (curl's own)",
        "content-type: application/x-www-form-urlencoded (curl's own for -d)",
      ],
    },
    {
      line: 'curl -X GET -A a -H "Accept: b" https://[::1]:8443/x',
      defaults: [
        'ip ::1 (an IP address, not resolved)',
        'no SNI (curl sends none for an IP address)',
        "ALPN h2, http/1.1 (curl's offer over TLS)",
        'Host header [::1]:8443 (curl adds a non-default port)',
        'HTTP/2 (when the server picks h2 from ALPN, as most do)',
      ],
    },
    {
      line: 'curl --connect-to a.io:80:b.io:81 http://a.io/x',
      defaults: [
        'port 80 (http default)',
        'connects to b.io:81 instead of a.io:80 (--connect-to a.io:80:b.io:81)',
        'ip unknown: b.io is resolved by DNS, outside the simulation',
        "ALPN http/1.1 (Envoy's HTTP inspector detects plaintext HTTP/1.1)",
        'method GET (curl default)',
        'Host header a.io (curl omits the default port 80)',
        'HTTP/1.1 (curl default)',
        "user-agent: curl/8.11.1 (curl's own, version 8.11.1 assumed)",
        "accept: */* (curl's own)",
      ],
    },
    {line: 'nc 10.0.0.1 5432', defaults: ['ip 10.0.0.1 (an IP address, not resolved)', 'no ALPN (raw TCP carries no protocol name)']},
    {
      line: 'telnet a.io',
      defaults: ['port 23 (telnet default)', 'ip unknown: a.io is resolved by DNS, outside the simulation', 'no ALPN (raw TCP carries no protocol name)'],
    },
    {
      line: 'openssl s_client -connect a.io',
      defaults: [
        'port 4433 (openssl s_client default)',
        'ip unknown: a.io is resolved by DNS, outside the simulation',
        'SNI a.io (openssl s_client sends the -connect host)',
        'no ALPN (openssl s_client offers none without -alpn)',
      ],
    },
    {
      line: 'openssl s_client -connect a.io:443 -noservername -alpn h2',
      defaults: ['ip unknown: a.io is resolved by DNS, outside the simulation', 'no SNI (-noservername)'],
    },
    {
      line: 'curl --http1.0 http://1.1.1.1/',
      defaults: [
        'port 80 (http default)',
        'ip 1.1.1.1 (an IP address, not resolved)',
        "ALPN http/1.0 (Envoy's HTTP inspector detects HTTP/1.0)",
        'method GET (curl default)',
        'Host header 1.1.1.1 (curl omits the default port 80)',
        "user-agent: curl/8.11.1 (curl's own, version 8.11.1 assumed)",
        "accept: */* (curl's own)",
      ],
    },
  ])('$line', ({line, defaults}) => {
    expect(parsed(line).defaults).toEqual(defaults)
  })

  test('a draft with everything given gets no defaults but the DNS note', () => {
    const draft: RequestDraft = {
      typed: 't',
      client: 'curl',
      scheme: 'https',
      host: 'a.io',
      port: 443,
      resolve: [],
      connectTo: [],
      sni: 'a.io',
      alpn: ['h2'],
      serverFirst: false,
      http: {
        method: 'GET',
        head: false,
        upload: false,
        path: '/',
        version: '1.1',
        headers: [
          ['host', 'a.io'],
          ['user-agent', 'x'],
          ['accept', '*/*'],
        ],
      },
    }
    expect(normalizeRequest(draft)).toEqual({
      typed: 't',
      client: 'curl',
      protocol: 'https',
      host: 'a.io',
      port: 443,
      sni: 'a.io',
      alpn: ['h2'],
      serverFirst: false,
      http: {method: 'GET', path: '/', authority: 'a.io', version: '1.1', headers: {'user-agent': 'x', accept: '*/*'}},
      defaults: ['ip unknown: a.io is resolved by DNS, outside the simulation'],
    })
  })

  test('a plain TCP draft without a port is a caller bug', () => {
    expect(() => normalizeRequest({typed: 'x', client: 'hostport', scheme: 'tcp', host: 'a', resolve: [], connectTo: [], serverFirst: true})).toThrow(/needs a port/)
  })
})
