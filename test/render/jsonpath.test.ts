import {describe, expect, test} from 'vitest'
import {jsonpath, JsonPathError, parseTemplate} from '../../src/render/jsonpath.js'

// The input and the expected outputs are the table of kubectl's JSONPath reference
// (kubernetes.io/docs/reference/kubectl/jsonpath/, "Given the JSON input").
const input = {
  kind: 'List',
  items: [
    {
      kind: 'None',
      metadata: {name: '127.0.0.1', labels: {'kubernetes.io/hostname': '127.0.0.1'}},
      status: {capacity: {cpu: '4'}, addresses: [{type: 'LegacyHostIP', address: '127.0.0.1'}]},
    },
    {
      kind: 'None',
      metadata: {name: '127.0.0.2'},
      status: {
        capacity: {cpu: '8'},
        addresses: [
          {type: 'LegacyHostIP', address: '127.0.0.2'},
          {type: 'another', address: '127.0.0.3'},
        ],
      },
    },
  ],
  users: [
    {name: 'myself', user: {}},
    {name: 'e2e', user: {username: 'admin', password: 'secret'}},
  ],
}

describe("kubectl's JSONPath reference table", () => {
  test.each([
    ['{.kind}', 'List'],
    ["{['kind']}", 'List'],
    ['{$.kind}', 'List'],
    ['{..name}', '127.0.0.1 127.0.0.2 myself e2e'],
    ['{.items[*].metadata.name}', '127.0.0.1 127.0.0.2'],
    ['{.users[0].name}', 'myself'],
    ["{.items[*]['metadata.name', 'status.capacity']}", '127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"}'],
    ['{.users[?(@.name=="e2e")].user.password}', 'secret'],
    ['{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}', '[127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] '],
    ['{range .items[*]}{.metadata.name}{"\\t"}{end}', '127.0.0.1\t127.0.0.2\t'],
    ['{.items[-1:].metadata.name}', '127.0.0.2'],
    ['{.items[0:2:1].status.capacity.cpu}', '4 8'],
    ['{.items[0].metadata.labels.kubernetes\\.io/hostname}', '127.0.0.1'],
    ['{.items[*].status.addresses[?(@.type=="another")].address}', '127.0.0.3'],
    ['{.items[0].missing}', ''],
    ['nodes: {.items[*].metadata.name}\n', 'nodes: 127.0.0.1 127.0.0.2\n'],
  ])('%s', (template, want) => {
    expect(jsonpath(template, input)).toBe(want)
  })

  test('{.items[0]} prints the object as JSON', () => {
    expect(JSON.parse(jsonpath('{.items[0]}', input))).toEqual(input.items[0])
  })

  test.each([['{.kind'], ['{end}'], ['{range .items[*]}{.kind}'], ['{.items[}'], ['{.items[?(@.a==1]}']])('%s is refused with a message', (template) => {
    expect(() => parseTemplate(template)).toThrow(JsonPathError)
  })

  test('an index out of bounds is an error, as in client-go', () => {
    expect(() => jsonpath('{.items[5]}', input)).toThrow(/array index out of bounds/)
  })
})
