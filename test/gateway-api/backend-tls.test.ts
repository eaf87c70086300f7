import {describe, expect, test} from 'vitest'
import {compile} from '../../sim/compile/index.js'
import type {IstioVersion} from '../../sim/compile/istio/version.js'
import {requestFrom} from '../../sim/request/index.js'
import {trace} from '../../sim/trace/index.js'
import {parseResources} from '../../src/load/parse.js'
import {TLS_ORIGINATION_TASK} from '../helpers/tls-origination-task.js'

/**
 * BackendTLSPolicy as istiod reads it (pilot/pkg/config/kube/gateway/backend_policies.go): a DestinationRule
 * with SIMPLE TLS and SNI validation.hostname for each target; read from 1.26 (istio/istio#55545) for
 * Services, from 1.28 for ServiceEntries (istio/istio#57633). The ServiceEntry is the egress
 * TLS-origination task's: port 80 (HTTP) forwarded to targetPort 443.
 */
const BASE = TLS_ORIGINATION_TASK
const policy = (section: string) => `
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {name: edition-cnn-com, namespace: default}
spec:
  targetRefs:
  - {group: networking.istio.io, kind: ServiceEntry, name: edition-cnn-com${section}}
  validation: {hostname: edition.cnn.com, wellKnownCACertificates: System}
`

function traced(yaml: string, version: IstioVersion) {
  const parsed = parseResources(yaml, 'input.yaml')
  expect(parsed.diagnostics).toEqual([])
  const request = requestFrom('curl -s http://edition.cnn.com/politics')
  if (!request.ok) throw new Error(request.error.message)
  const table = compile({resources: parsed.resources}, {mesh: 'istio', namespace: 'default', serviceAccount: 'sleep', istioVersion: version})
  return {result: trace(table, request.value), assumptions: table.assumptions.map((a) => a.code)}
}

describe('BackendTLSPolicy on a ServiceEntry (egress TLS origination)', () => {
  test('1.28: the sidecar originates TLS to edition.cnn.com:443 with SNI edition.cnn.com', () => {
    const {result} = traced(BASE + '---' + policy(', sectionName: http-port'), '1.28')
    expect({verdict: result.outcome.verdict, upstream: result.upstream, tls: result.tls}).toEqual({verdict: 'allow', upstream: 'edition.cnn.com:443', tls: 'originated'})
  })

  test('1.27: a ServiceEntry target is rejected, plain HTTP goes to port 443, and the trace says so', () => {
    const {result, assumptions} = traced(BASE + '---' + policy(''), '1.27')
    expect(result.tls).toBe('none')
    expect(assumptions).toContain('BACKEND_TLS_POLICY_IGNORED')
  })

  test('a sectionName the ServiceEntry does not have attaches nothing', () => {
    const {result, assumptions} = traced(BASE + '---' + policy(', sectionName: nope'), '1.31')
    expect(result.tls).toBe('none')
    expect(assumptions).toContain('BACKEND_TLS_POLICY_IGNORED')
  })
})

test('a CA reference to a Secret: istiod writes an invalid credential, every handshake fails, and the trace says it does not follow that', () => {
  const withSecret = policy('').replace('wellKnownCACertificates: System', 'caCertificateRefs: [{group: "", kind: Secret, name: ca}]')
  const {result} = traced(BASE + '---' + withSecret, '1.31')
  expect(result.outcome.verdict).toBe('unsupported')
})
