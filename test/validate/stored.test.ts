import {describe, expect, test} from 'vitest'
import {parseResources} from '../../src/load/parse.js'
import {accepted, validate} from '../../src/validate/index.js'

const serviceEntry = (ports: string) => `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: se
  namespace: default
spec:
  hosts: [httpbin.org]
  resolution: DNS
  ports:
${ports}`

describe('null values, as the API server stores them', () => {
  test('a field set to null is dropped before validation and compilation', () => {
    const {resources} = parseResources(serviceEntry('  - {number: 80, name: http, protocol: ~}\n'), 'n.yaml')
    const diagnostics = validate({resources})
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    const [stored] = accepted({resources}, diagnostics).resources
    expect(stored.spec).toEqual({hosts: ['httpbin.org'], resolution: 'DNS', ports: [{number: 80, name: 'http'}]})
  })

  test('a null list item is a type error at its own line', () => {
    const {resources} = parseResources(serviceEntry('  - ~\n'), 'n.yaml')
    expect(validate({resources}).map((d) => [d.code, d.field, d.source.line, d.message])).toEqual([
      // A type error keeps the API server from evaluating the CRD's CEL rules (apiextensions-apiserver hasBlockingErr).
      ['ISTIO_CRD_RULE', '', 1, 'Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation'],
      ['ISTIO_CRD_TYPE', 'spec.ports[0]', 10, 'Invalid value: "null": spec.ports[0] in body must be of type object: "null"'],
    ])
  })

  test('objects without nulls are passed on as they are', () => {
    const {resources} = parseResources(serviceEntry('  - {number: 80, name: http}\n'), 'n.yaml')
    expect(accepted({resources}, validate({resources})).resources[0]).toBe(resources[0])
  })
})
