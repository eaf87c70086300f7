import {describe, test} from 'vitest'
import {expectMatch, parsed} from './helpers.js'

describe('raw TCP and TLS clients, bare URLs', () => {
  test.each([
    {line: 'nc db.example.com 5432', want: {client: 'nc', protocol: 'tcp', host: 'db.example.com', port: 5432, serverFirst: true, alpn: []}},
    {line: 'nc -v -z -w 3 db.example.com 5432', want: {client: 'nc', port: 5432}},
    {line: 'nc -vz -w3 10.0.0.7 3306', want: {host: '10.0.0.7', port: 3306, ip: '10.0.0.7'}},
    {line: 'ncat -v db.io 1', want: {client: 'nc', port: 1}},
    {line: 'telnet mail.example.com 25', want: {client: 'telnet', protocol: 'tcp', port: 25, serverFirst: true}},
    {line: 'telnet mail.example.com', want: {client: 'telnet', port: 23}},
    {line: 'db.example.com:5432', want: {client: 'hostport', protocol: 'tcp', host: 'db.example.com', port: 5432, serverFirst: true}},
    {line: '[2001:db8::2]:6379', want: {client: 'hostport', host: '2001:db8::2', ip: '2001:db8::2', port: 6379}},
    {line: '10.1.2.3:22', want: {client: 'hostport', ip: '10.1.2.3'}},
    {
      line: 'openssl s_client -connect httpbin.org:443',
      want: {client: 'openssl', protocol: 'tls', host: 'httpbin.org', port: 443, sni: 'httpbin.org', alpn: [], serverFirst: false},
    },
    {line: 'openssl s_client -connect httpbin.org:443 -servername other.io', want: {sni: 'other.io'}},
    {line: 'openssl s_client -connect httpbin.org:443 -noservername', want: {sni: undefined}},
    {line: 'openssl s_client -connect 1.2.3.4:443', want: {sni: undefined, ip: '1.2.3.4'}},
    {line: 'openssl s_client -connect 1.2.3.4:443 -servername a.io', want: {sni: 'a.io'}},
    {line: 'openssl s_client -connect a.io:443 -alpn h2,http/1.1', want: {alpn: ['h2', 'http/1.1']}},
    {line: 'openssl s_client -quiet -brief -CAfile ca.pem -connect a.io:8443', want: {port: 8443}},
    {line: 'openssl s_client -connect a.io', want: {port: 4433}},
    {line: 'openssl s_client a.io:443', want: {host: 'a.io', port: 443}},
    {line: 'openssl s_client -connect [2001:db8::3]:443', want: {host: '2001:db8::3', sni: undefined}},
    {line: 'https://httpbin.org/get', want: {client: 'url', protocol: 'https', port: 443, sni: 'httpbin.org', http: {path: '/get', method: 'GET'}}},
    {line: 'http://httpbin.org', want: {client: 'url', protocol: 'http', port: 80, http: {path: '/', authority: 'httpbin.org'}}},
    {line: 'httpbin.org/get', want: {client: 'url', protocol: 'http', port: 80, http: {path: '/get'}}},
    {line: 'httpbin.org', want: {client: 'url', protocol: 'http', port: 80}},
    {line: 'telnet://db.io:5432', want: {client: 'url', protocol: 'tcp', port: 5432, serverFirst: true, http: undefined}},
  ])('$line', ({line, want}) => {
    expectMatch(parsed(line), want)
  })
})
