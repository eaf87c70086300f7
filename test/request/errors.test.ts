import {describe, expect, test} from 'vitest'
import {refused} from './helpers.js'

describe('requests that are refused, with the word at fault', () => {
  test.each([
    {line: '', code: 'REQUEST_EMPTY', word: undefined},
    {line: [], code: 'REQUEST_EMPTY', word: undefined},
    {line: `curl -H 'Host: x`, code: 'REQUEST_UNTERMINATED_QUOTE', word: `'Host: x`},
    {line: 'curl -sI', code: 'REQUEST_MISSING_URL', word: undefined},
    {line: 'curl', code: 'REQUEST_MISSING_URL', word: undefined},
    {line: 'curl --frobnicate http://a.io', code: 'REQUEST_UNKNOWN_OPTION', word: '--frobnicate'},
    {line: 'curl -sQ http://a.io', code: 'REQUEST_UNKNOWN_OPTION', word: '-sQ'},
    {line: 'curl --request=POST http://a.io', code: 'REQUEST_UNKNOWN_OPTION', word: '--request=POST'},
    {line: 'curl --no-frobnicate http://a.io', code: 'REQUEST_UNKNOWN_OPTION', word: '--no-frobnicate'},
    {line: 'curl http://a.io -H', code: 'REQUEST_MISSING_VALUE', word: '-H'},
    {line: 'curl http://a.io --resolve', code: 'REQUEST_MISSING_VALUE', word: '--resolve'},
    {line: 'curl -H nocolon http://a.io', code: 'REQUEST_BAD_VALUE', word: 'nocolon'},
    {line: 'curl -H @headers.txt http://a.io', code: 'REQUEST_UNSUPPORTED', word: '@headers.txt'},
    {line: 'curl --resolve a.io:80 http://a.io', code: 'REQUEST_BAD_VALUE', word: 'a.io:80'},
    {line: 'curl --resolve a.io:80:not-an-ip http://a.io', code: 'REQUEST_BAD_VALUE', word: 'a.io:80:not-an-ip'},
    {line: 'curl --resolve a.io:99999:1.1.1.1 http://a.io', code: 'REQUEST_BAD_PORT', word: 'a.io:99999:1.1.1.1'},
    {line: 'curl --connect-to a.io:80 http://a.io', code: 'REQUEST_BAD_VALUE', word: 'a.io:80'},
    {line: 'curl http://a.io:99999/', code: 'REQUEST_BAD_PORT', word: 'http://a.io:99999/'},
    {line: 'curl http://a.io:0/', code: 'REQUEST_BAD_PORT', word: 'http://a.io:0/'},
    {line: 'curl http://a.io:8o/', code: 'REQUEST_BAD_PORT', word: 'http://a.io:8o/'},
    {line: 'curl http://:80/', code: 'REQUEST_BAD_HOST', word: 'http://:80/'},
    {line: 'curl http://[zz::1]/', code: 'REQUEST_BAD_HOST', word: 'http://[zz::1]/'},
    // U+00AD maps to nothing under IDNA: no name is left to convert
    {line: 'curl http://\u00ad/', code: 'REQUEST_BAD_HOST', word: 'http://\u00ad/'},
    {line: 'curl http://a.io/x[1-3]', code: 'REQUEST_URL_GLOB', word: 'http://a.io/x[1-3]'},
    {line: 'curl "http://{a,b}.io/"', code: 'REQUEST_URL_GLOB', word: 'http://{a,b}.io/'},
    {line: 'curl ftp://a.io/f', code: 'REQUEST_UNSUPPORTED_SCHEME', word: 'ftp://a.io/f'},
    {line: 'curl ftp.example.com/f', code: 'REQUEST_UNSUPPORTED_SCHEME', word: 'ftp.example.com/f'},
    {line: 'curl http://a.io http://b.io', code: 'REQUEST_EXTRA_ARGUMENT', word: 'http://b.io'},
    {line: 'curl -x http://proxy:3128 http://a.io', code: 'REQUEST_UNSUPPORTED', word: '-x'},
    {line: 'curl --http3 https://a.io', code: 'REQUEST_UNSUPPORTED', word: '--http3'},
    {line: 'curl --unix-socket /s http://a.io', code: 'REQUEST_UNSUPPORTED', word: '--unix-socket'},
    {line: 'curl -G -d @q.txt http://a.io', code: 'REQUEST_UNSUPPORTED', word: '-G'},
    {line: 'wget http://a.io', code: 'REQUEST_UNKNOWN_CLIENT', word: 'wget'},
    {line: 'nc db.io', code: 'REQUEST_MISSING_PORT', word: 'db.io'},
    {line: 'nc', code: 'REQUEST_MISSING_URL', word: undefined},
    {line: 'nc db.io 70000', code: 'REQUEST_BAD_PORT', word: '70000'},
    {line: 'nc db.io 80-90', code: 'REQUEST_BAD_PORT', word: '80-90'},
    {line: 'nc -u db.io 53', code: 'REQUEST_UNSUPPORTED', word: '-u'},
    {line: 'nc -Y db.io 53', code: 'REQUEST_UNKNOWN_OPTION', word: '-Y'},
    {line: 'nc -w', code: 'REQUEST_MISSING_VALUE', word: '-w'},
    {line: 'nc db.io 80 extra', code: 'REQUEST_EXTRA_ARGUMENT', word: 'extra'},
    {line: 'telnet db.io http', code: 'REQUEST_BAD_PORT', word: 'http'},
    {line: 'db.io:', code: 'REQUEST_MISSING_PORT', word: 'db.io:'},
    {line: 'db.io:65536', code: 'REQUEST_BAD_PORT', word: 'db.io:65536'},
    {line: 'openssl s_client', code: 'REQUEST_MISSING_URL', word: undefined},
    {line: 'openssl s_client -connect', code: 'REQUEST_MISSING_VALUE', word: '-connect'},
    {line: 'openssl s_client -connect a.io:443 -bogus', code: 'REQUEST_UNKNOWN_OPTION', word: '-bogus'},
    {line: 'openssl s_client -connect a.io:443 -starttls smtp', code: 'REQUEST_UNSUPPORTED', word: '-starttls'},
    {line: 'openssl s_client -connect a.io:0', code: 'REQUEST_BAD_PORT', word: 'a.io:0'},
    {line: 'openssl x509 -in c.pem', code: 'REQUEST_UNSUPPORTED', word: 'x509'},
    {line: 'gopher://a.io/', code: 'REQUEST_UNSUPPORTED_SCHEME', word: 'gopher://a.io/'},
  ])('$line: $code', ({line, code, word}) => {
    const error = refused(line)
    expect(error.code).toBe(code)
    expect(error.word).toBe(word)
    expect(error.message).not.toBe('')
  })

  test('an unknown option is named in the message', () => {
    expect(refused('curl --frobnicate http://a.io').message).toContain('--frobnicate')
    expect(refused('curl -sQ http://a.io').message).toContain('-Q')
  })
})
