import {describe, expect, test} from 'vitest'
import {splitWords} from '../../sim/request/index.js'

describe('splitWords', () => {
  test.each([
    {line: 'curl -sI https://httpbin.org/get', words: ['curl', '-sI', 'https://httpbin.org/get']},
    {line: '  curl \t -v   x  ', words: ['curl', '-v', 'x']},
    {line: `curl -H 'Host: a b' x`, words: ['curl', '-H', 'Host: a b', 'x']},
    {line: `curl -w "%{http_code}\\n" x`, words: ['curl', '-w', '%{http_code}\\n', 'x']},
    {line: `echo "a\\"b" "c\\\\d" "e\\$f"`, words: ['echo', 'a"b', 'c\\d', 'e$f']},
    {line: `echo 'it'\\''s'`, words: ['echo', "it's"]},
    {line: `echo a\\ b c\\'d`, words: ['echo', 'a b', "c'd"]},
    {line: `echo '' ""`, words: ['echo', '', '']},
    {line: `echo pre'mid'"end"`, words: ['echo', 'premidend']},
    {line: `echo 'a"b' "a'b"`, words: ['echo', 'a"b', "a'b"]},
    {line: 'curl \\\n  -v x', words: ['curl', '-v', 'x']},
    {line: 'echo $ cost', words: ['echo', '$', 'cost']},
    {line: `echo '$HOME' "a|b"`, words: ['echo', '$HOME', 'a|b']},
    {line: '', words: []},
  ])('$line', ({line, words}) => {
    expect(splitWords(line)).toEqual({ok: true, value: words})
  })

  test.each([
    {line: `curl -H 'Host: x`, code: 'REQUEST_UNTERMINATED_QUOTE', word: `'Host: x`},
    {line: `curl -H "Host: x`, code: 'REQUEST_UNTERMINATED_QUOTE', word: `"Host: x`},
    {line: `curl "a\\"`, code: 'REQUEST_UNTERMINATED_QUOTE', word: `"a\\"`},
    {line: 'curl x \\', code: 'REQUEST_TRAILING_BACKSLASH', word: undefined},
    {line: 'curl x | head', code: 'REQUEST_SHELL_SYNTAX', word: '|'},
    {line: 'curl x > out', code: 'REQUEST_SHELL_SYNTAX', word: '>'},
    {line: 'curl $URL', code: 'REQUEST_SHELL_SYNTAX', word: '$URL'},
    {line: 'curl "http://$HOST/"', code: 'REQUEST_SHELL_SYNTAX', word: '$HOST/"'},
    {line: 'curl `cat url`', code: 'REQUEST_SHELL_SYNTAX', word: '`'},
  ])('$line fails with $code', ({line, code, word}) => {
    const result = splitWords(line)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe(code)
    expect(result.error.word).toBe(word)
  })
})
