import {describe, expect, test} from 'vitest'
import {expectMatch, parsed} from './helpers.js'

const curlHeaders = {'user-agent': 'curl/8.11.1', accept: '*/*'}

describe('curl command lines', () => {
  test.each([
    {
      line: 'curl -sI http://httpbin.org:80/get',
      want: {
        client: 'curl',
        protocol: 'http',
        host: 'httpbin.org',
        port: 80,
        alpn: ['http/1.1'],
        serverFirst: false,
        http: {method: 'HEAD', path: '/get', authority: 'httpbin.org', version: '1.1', headers: curlHeaders},
      },
    },
    {
      line: 'curl https://httpbin.org/get',
      want: {protocol: 'https', port: 443, sni: 'httpbin.org', alpn: ['h2', 'http/1.1'], http: {method: 'GET', authority: 'httpbin.org', version: '2'}},
    },
    {line: 'curl httpbin.org/get', want: {protocol: 'http', port: 80, http: {path: '/get', authority: 'httpbin.org'}}},
    {line: 'curl HTTPS://Example.com', want: {protocol: 'https', host: 'Example.com', sni: 'Example.com', http: {path: '/'}}},
    {line: 'curl http://httpbin.org:8080/get', want: {port: 8080, http: {authority: 'httpbin.org:8080'}}},
    // curl's IDN conversion (lib/idn.c, libidn2): the A-label is resolved, sent as SNI and in Host (RFC 3492's "bücher" example).
    {line: 'curl http://bücher.example/', want: {host: 'xn--bcher-kva.example', http: {authority: 'xn--bcher-kva.example'}}},
    {line: 'curl https://bücher.example:8443/', want: {host: 'xn--bcher-kva.example', sni: 'xn--bcher-kva.example', http: {authority: 'xn--bcher-kva.example:8443'}}},
    {line: 'curl https://httpbin.org:80/', want: {port: 80, http: {authority: 'httpbin.org:80'}}},
    {line: 'curl http://httpbin.org:443/', want: {port: 443, http: {authority: 'httpbin.org:443'}}},
    {line: 'curl http://httpbin.org:/x', want: {port: 80, http: {authority: 'httpbin.org', path: '/x'}}},
    {line: 'curl http://user:pw@httpbin.org/x', want: {host: 'httpbin.org', http: {authority: 'httpbin.org'}}},
    {line: 'curl "http://a.io/p?q=1#frag"', want: {http: {path: '/p?q=1'}}},
    {line: 'curl http://a.io?q=1', want: {http: {path: '/?q=1'}}},
    {line: 'curl http://a.io/a/./b/../c', want: {http: {path: '/a/c'}}},
    {line: 'curl http://a.io/a/..', want: {http: {path: '/'}}},
    {line: 'curl http://a.io/a/b/..', want: {http: {path: '/a/'}}},
    {line: 'curl http://a.io/a/b/.', want: {http: {path: '/a/b/'}}},
    {line: 'curl http://a.io/../../x', want: {http: {path: '/x'}}},
    {line: 'curl -H "Host:" http://a.io/', want: {http: {authority: ''}}},
    {line: 'curl --path-as-is http://a.io/a/./b/../c', want: {http: {path: '/a/./b/../c'}}},
    {line: 'curl --request-target "*" -X OPTIONS http://a.io/', want: {http: {path: '*', method: 'OPTIONS'}}},
    {line: 'curl -X POST http://a.io', want: {http: {method: 'POST'}}},
    {line: 'curl -XDELETE http://a.io', want: {http: {method: 'DELETE'}}},
    {line: 'curl --request PUT http://a.io', want: {http: {method: 'PUT'}}},
    {line: 'curl -I http://a.io', want: {http: {method: 'HEAD'}}},
    {line: 'curl --head http://a.io', want: {http: {method: 'HEAD'}}},
    {line: 'curl -d a=1 http://a.io', want: {http: {method: 'POST', headers: {'content-type': 'application/x-www-form-urlencoded'}}}},
    {line: 'curl --data-raw @x http://a.io', want: {http: {method: 'POST'}}},
    {line: 'curl --data-binary @file http://a.io', want: {http: {method: 'POST'}}},
    {line: `curl --json '{"a":1}' http://a.io`, want: {http: {method: 'POST', headers: {'content-type': 'application/json', accept: 'application/json'}}}},
    {line: 'curl -F f=@x http://a.io', want: {http: {method: 'POST', headers: {'content-type': 'multipart/form-data'}}}},
    {line: 'curl -X PATCH -d a=1 http://a.io', want: {http: {method: 'PATCH'}}},
    {line: 'curl -T file http://a.io/up', want: {http: {method: 'PUT'}}},
    {line: 'curl -G -d a=1 -d b=2 http://a.io/s', want: {http: {method: 'GET', path: '/s?a=1&b=2'}}},
    {line: 'curl -G --data-urlencode "q=a b" http://a.io/s?x', want: {http: {method: 'GET', path: '/s?x&q=a%20b'}}},
    {line: 'curl -H "Host: other.io" http://a.io:8080/', want: {host: 'a.io', port: 8080, http: {authority: 'other.io'}}},
    {line: 'curl -H "host:other.io:9" http://a.io/', want: {http: {authority: 'other.io:9'}}},
    {line: 'curl -H "X-Test: yes" -H "Accept:" http://a.io', want: {http: {headers: {'user-agent': 'curl/8.11.1', 'x-test': 'yes'}}}},
    {line: 'curl -H "X-Empty;" http://a.io', want: {http: {headers: {...curlHeaders, 'x-empty': ''}}}},
    {line: 'curl -A "my agent" http://a.io', want: {http: {headers: {'user-agent': 'my agent', accept: '*/*'}}}},
    {line: 'curl -H "User-Agent: x/1" http://a.io', want: {http: {headers: {'user-agent': 'x/1', accept: '*/*'}}}},
    {line: 'curl -e http://ref http://a.io', want: {http: {headers: {...curlHeaders, referer: 'http://ref'}}}},
    {line: 'curl -b a=1 http://a.io', want: {http: {headers: {...curlHeaders, cookie: 'a=1'}}}},
    {line: 'curl -b jar.txt http://a.io', want: {http: {headers: curlHeaders}}},
    {line: 'curl --resolve httpbin.org:80:34.194.129.11 http://httpbin.org/headers', want: {host: 'httpbin.org', ip: '34.194.129.11'}},
    {line: 'curl --resolve httpbin.org:443:1.2.3.4 http://httpbin.org/', want: {ip: undefined}},
    {line: 'curl --resolve other.org:80:1.2.3.4 http://httpbin.org/', want: {ip: undefined}},
    {line: 'curl --resolve HTTPBIN.org:80:1.2.3.4 http://httpbin.org/', want: {ip: '1.2.3.4'}},
    {line: 'curl --resolve *:80:9.9.9.9 --resolve a.io:80:1.1.1.1 http://a.io/', want: {ip: '1.1.1.1'}},
    {line: 'curl --resolve *:80:9.9.9.9 http://b.io/', want: {ip: '9.9.9.9'}},
    {line: 'curl --resolve a.io:80:1.1.1.1 --resolve a.io:80:2.2.2.2 http://a.io/', want: {ip: '2.2.2.2'}},
    {line: 'curl --resolve a.io:443:[2001:db8::5],1.1.1.1 https://a.io/', want: {ip: '2001:db8::5', sni: 'a.io'}},
    {line: 'curl --resolve +a.io:80:1.1.1.1 http://a.io/', want: {ip: '1.1.1.1'}},
    {
      line: 'curl --connect-to a.io:443:b.io:8443 https://a.io/',
      want: {host: 'b.io', port: 8443, sni: 'a.io', http: {authority: 'a.io'}},
    },
    {line: 'curl --connect-to ::10.0.0.1: http://a.io:81/', want: {host: '10.0.0.1', port: 81, ip: '10.0.0.1', http: {authority: 'a.io:81'}}},
    {line: 'curl --connect-to x.io::b.io:1 http://a.io/', want: {host: 'a.io', port: 80}},
    {line: 'curl --connect-to a.io:80:b.io: --resolve b.io:80:5.5.5.5 http://a.io/', want: {host: 'b.io', ip: '5.5.5.5'}},
    {line: 'curl --http1.0 http://a.io', want: {alpn: ['http/1.0'], http: {version: '1.0'}}},
    {line: 'curl -0 http://a.io', want: {alpn: ['http/1.0'], http: {version: '1.0'}}},
    {line: 'curl --http1.1 http://a.io', want: {alpn: ['http/1.1'], http: {version: '1.1'}}},
    {line: 'curl --http1.0 https://a.io', want: {alpn: ['http/1.1'], http: {version: '1.0'}}},
    {line: 'curl --http1.1 https://a.io', want: {alpn: ['http/1.1'], http: {version: '1.1'}}},
    {line: 'curl --http2 https://a.io', want: {alpn: ['h2', 'http/1.1'], http: {version: '2'}}},
    {
      line: 'curl --http2 http://a.io',
      want: {alpn: ['http/1.1'], http: {version: '1.1', headers: {...curlHeaders, upgrade: 'h2c', connection: 'Upgrade, HTTP2-Settings'}}},
    },
    {line: 'curl --http2-prior-knowledge http://a.io', want: {alpn: ['h2c'], http: {version: '2', headers: curlHeaders}}},
    {line: 'curl --http2-prior-knowledge https://a.io', want: {alpn: ['h2'], http: {version: '2'}}},
    {line: 'curl --no-alpn https://a.io', want: {alpn: [], http: {version: '1.1'}}},
    {line: 'curl -k https://a.io', want: {protocol: 'https', sni: 'a.io'}},
    {line: 'curl --insecure https://1.2.3.4/', want: {ip: '1.2.3.4', sni: undefined, http: {authority: '1.2.3.4'}}},
    {
      line: 'curl -g http://[2001:db8::1]:8080/',
      want: {host: '2001:db8::1', port: 8080, ip: '2001:db8::1', http: {authority: '[2001:db8::1]:8080'}},
    },
    {line: 'curl http://[2001:db8::1]/', want: {host: '2001:db8::1', port: 80, http: {authority: '[2001:db8::1]'}}},
    {line: 'curl --globoff https://[::1]/', want: {host: '::1', sni: undefined}},
    {line: 'curl -g "http://a.io/x[1]{2}"', want: {http: {path: '/x[1]{2}'}}},
    {line: 'curl telnet://db.io:5432', want: {protocol: 'tcp', port: 5432, serverFirst: true, alpn: [], http: undefined, sni: undefined}},
    {line: 'curl telnet://db.io', want: {protocol: 'tcp', port: 23, serverFirst: true}},
    {line: 'curl --url http://a.io/u', want: {host: 'a.io', http: {path: '/u'}}},
    {line: 'curl -- http://a.io/', want: {host: 'a.io'}},
    {line: '/usr/bin/curl http://a.io/', want: {client: 'curl', host: 'a.io'}},
    {line: 'curl http://a.io/ -sS', want: {host: 'a.io'}},
    {
      line: 'curl -sS -v -o /dev/null -D - -w "%{http_code}" -L -f -m 5 --connect-timeout 3 -u me:pw --retry 2 -i http://a.io/',
      want: {host: 'a.io', http: {method: 'GET', headers: curlHeaders}},
    },
    {line: 'curl -so/dev/null http://a.io/', want: {host: 'a.io'}},
    {line: 'curl --silent --show-error --fail --location --compressed --no-progress-meter http://a.io/', want: {host: 'a.io'}},
    {line: 'curl --no-location --no-keepalive http://a.io/', want: {host: 'a.io'}},
  ])('$line', ({line, want}) => {
    expectMatch(parsed(line), want)
  })

  test('words already split keep the typed text', () => {
    const request = parsed(['curl', '-H', 'X-A: b c', 'http://a.io'])
    expect(request.typed).toBe(`curl -H 'X-A: b c' http://a.io`)
    expect(request.http?.headers['x-a']).toBe('b c')
  })

  test('a typed line keeps its original text', () => {
    expect(parsed('  curl -H "X-A: b"  http://a.io ').typed).toBe('curl -H "X-A: b"  http://a.io')
  })

  test('optional fields are absent, not undefined, when there is nothing to say', () => {
    expect(Object.keys(parsed('curl http://a.io/'))).toEqual(['typed', 'client', 'protocol', 'host', 'port', 'alpn', 'http', 'serverFirst', 'defaults'])
  })
})
