import {describe, expect, test} from 'vitest'
import {stringify} from 'yaml'
import {compile} from '../../sim/compile/index.js'
import {requestFrom} from '../../sim/request/index.js'
import {trace} from '../../sim/trace/index.js'
import {type MeshSwitch, meshSwitch} from '../../src/create/mesh-switch.js'
import {parseResources} from '../../src/load/parse.js'
import {validate} from '../../src/validate/index.js'
import {meshBase} from './helpers.js'

/** The mesh base without its own mesh config, plus the switch: what the mesh then does with an unknown host. */
function unknownHost(s: MeshSwitch, request: string, extra = ''): string {
  const result = meshSwitch(s)
  if ('problem' in result) throw new Error(result.problem)
  const base =
    s.mesh === 'istio'
      ? meshBase('istio').replace(/kind: ConfigMap[\s\S]*?REGISTRY_ONLY\n/, 'kind: Namespace\nmetadata:\n  name: placeholder\n')
      : meshBase('osm').replace(
          /kind: MeshConfig[\s\S]*?sidecar-injection: enabled\n/,
          'kind: Namespace\nmetadata:\n  name: curl\n  labels:\n    openservicemesh.io/monitored-by: osm\n  annotations:\n    openservicemesh.io/sidecar-injection: enabled\n',
        )
  const set = {resources: [...parseResources(base + '\n---\n' + stringify(result.object) + extra, 'state.yaml').resources]}
  expect(validate(set).filter((d) => d.severity === 'error')).toEqual([])
  const [namespace, serviceAccount] = s.mesh === 'istio' ? ['default', 'sleep'] : ['curl', 'curl']
  const parsed = requestFrom(request)
  if (!parsed.ok) throw new Error(parsed.error.message)
  return trace(compile(set, {mesh: s.mesh, namespace, serviceAccount}), parsed.value).outcome.verdict
}

const httpbinEgress = `---
apiVersion: policy.openservicemesh.io/v1alpha1
kind: Egress
metadata: {name: httpbin, namespace: curl}
spec:
  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
  hosts: [httpbin.org]
  ports: [{number: 443, protocol: https}]
`

describe('create mesh-switch: the patch changes what the mesh does', () => {
  test('OSM --enable-egress', () => {
    expect(unknownHost({mesh: 'osm', enableEgress: true, controlPlaneNamespace: 'osm-system'}, 'curl -sI https://example.com/')).toBe('allow')
    expect(unknownHost({mesh: 'osm', enableEgress: false, controlPlaneNamespace: 'osm-system'}, 'curl -sI https://example.com/', httpbinEgress)).toBe('deny')
  })

  test('OSM --enable-egress-policy', () => {
    const s = (on: boolean): MeshSwitch => ({mesh: 'osm', enableEgress: false, enableEgressPolicy: on, controlPlaneNamespace: 'osm-system'})
    expect(unknownHost(s(true), 'curl -sI https://httpbin.org/', httpbinEgress)).toBe('allow')
    expect(unknownHost(s(false), 'curl -sI https://httpbin.org/', httpbinEgress)).toBe('deny')
  })

  test('Istio --outbound-traffic-policy', () => {
    expect(unknownHost({mesh: 'istio', outboundTrafficPolicy: 'REGISTRY_ONLY', controlPlaneNamespace: 'istio-system'}, 'curl -sI https://example.com/')).toBe('deny')
    expect(unknownHost({mesh: 'istio', outboundTrafficPolicy: 'ALLOW_ANY', controlPlaneNamespace: 'istio-system'}, 'curl -sI https://example.com/')).toBe('allow')
  })

  test('the command form', () => {
    const osm = meshSwitch({mesh: 'osm', enableEgress: false, controlPlaneNamespace: 'osm-system'})
    expect('command' in osm && osm.command).toBe(`kubectl patch meshconfig osm-mesh-config -n osm-system --type=merge -p '{"spec":{"traffic":{"enableEgress":false}}}'`)
    const istio = meshSwitch({mesh: 'istio', outboundTrafficPolicy: 'REGISTRY_ONLY', controlPlaneNamespace: 'istio-system'})
    expect('command' in istio && istio.command).toBe('istioctl install --set meshConfig.outboundTrafficPolicy.mode=REGISTRY_ONLY')
  })

  test('switches of the other mesh are refused', () => {
    expect(meshSwitch({mesh: 'istio', enableEgress: true, controlPlaneNamespace: 'istio-system'})).toHaveProperty('problem')
    expect(meshSwitch({mesh: 'osm', outboundTrafficPolicy: 'ALLOW_ANY', controlPlaneNamespace: 'osm-system'})).toHaveProperty('problem')
    expect(meshSwitch({mesh: 'osm', controlPlaneNamespace: 'osm-system'})).toHaveProperty('problem')
  })
})
