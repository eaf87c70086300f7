import {describe, expect, test} from 'vitest'
import {parseResources} from '../../src/load/parse.js'
import {validate} from '../../src/validate/index.js'
import {validateKubernetes} from '../../src/validate/kubernetes.js'

/** [code, field, line, message] of every diagnostic for the objects in `yaml`. */
function diagnose(yaml: string) {
  const {resources, diagnostics} = parseResources(yaml, 'k.yaml')
  expect(diagnostics).toEqual([])
  return validateKubernetes({resources}).map((d) => [d.code, d.field, d.source.line, d.message])
}

const service = (spec: string) => `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: default
${spec}`

const deployment = (spec: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
${spec}`

describe('validateKubernetes: what the API server rejects, with its messages and the exact line', () => {
  test('a valid Service, ExternalName Service, Pod, Deployment, Namespace and ConfigMap pass', () => {
    expect(diagnose(service('spec:\n  clusterIP: None\n  ports:\n  - port: 80\n    targetPort: http-alt\n    protocol: UDP\n'))).toEqual([])
    expect(diagnose(service('spec:\n  type: ExternalName\n  externalName: httpbin.org\n'))).toEqual([])
    expect(diagnose('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: curl\n')).toEqual([])
    expect(
      diagnose(
        deployment(
          'spec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web, v: "1"}\n    spec:\n      containers:\n      - {name: c, image: x}\n',
        ),
      ),
    ).toEqual([])
    expect(diagnose('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "1"\n')).toEqual([])
  })

  test('a Service without spec has no ports (reported where the object starts)', () => {
    expect(diagnose(service(''))).toEqual([['K8S_REQUIRED', 'spec.ports', 1, 'Required value']])
  })

  test('ports: empty list, out of range, missing port, bad targetPort, bad protocol', () => {
    expect(diagnose(service('spec:\n  ports: []\n'))).toEqual([['K8S_REQUIRED', 'spec.ports', 7, 'Required value']])
    expect(
      diagnose(
        service('spec:\n  ports:\n  - port: 70000\n  - name: x\n  - port: 80\n    targetPort: Http\n  - port: 81\n    targetPort: 65536\n  - port: 82\n    protocol: tcp\n'),
      ),
    ).toEqual([
      ['K8S_INVALID', 'spec.ports[0].port', 8, 'Invalid value: 70000: must be between 1 and 65535, inclusive'],
      ['K8S_INVALID', 'spec.ports[1].port', 9, 'Invalid value: 0: must be between 1 and 65535, inclusive'],
      ['K8S_INVALID', 'spec.ports[2].targetPort', 11, 'Invalid value: "Http": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'],
      ['K8S_INVALID', 'spec.ports[3].targetPort', 13, 'Invalid value: 65536: must be between 1 and 65535, inclusive'],
      ['K8S_UNSUPPORTED', 'spec.ports[4].protocol', 15, 'Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"'],
    ])
  })

  test('targetPort 0 or "" is defaulted to port; a name must be an IANA service name', () => {
    expect(diagnose(service('spec:\n  ports:\n  - port: 80\n    targetPort: 0\n'))).toEqual([])
    expect(diagnose(service('spec:\n  ports:\n  - port: 80\n    targetPort: Http--\n'))).toEqual([
      [
        'K8S_INVALID',
        'spec.ports[0].targetPort',
        9,
        'Invalid value: "Http--": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-); must not contain consecutive hyphens; must not begin or end with a hyphen',
      ],
    ])
  })

  test('clusterIP must be an IP, "None" or empty', () => {
    expect(diagnose(service('spec:\n  clusterIP: 10.0.0.300\n  ports:\n  - port: 80\n'))).toEqual([
      ['K8S_INVALID', 'spec.clusterIP', 7, 'Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    ])
  })

  test('an ExternalName Service needs no ports but an externalName', () => {
    expect(diagnose(service('spec:\n  type: ExternalName\n'))).toEqual([['K8S_REQUIRED', 'spec.externalName', 6, 'Required value']])
  })

  test('a value of the wrong type does not decode', () => {
    expect(diagnose(service('spec:\n  ports:\n  - port: "80"\n'))).toEqual([
      [
        'K8S_DECODE',
        'spec.ports[0].port',
        8,
        'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal string into Go struct field .spec.ports.port of type int32',
      ],
    ])
    expect(diagnose('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: 1\n')[0]?.slice(0, 3)).toEqual(['K8S_DECODE', 'data.a', 6])
  })

  test('a Pod needs containers, each with a name and an image', () => {
    expect(diagnose('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n')).toEqual([['K8S_REQUIRED', 'spec.containers', 1, 'Required value']])
    expect(diagnose('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - image: curl\n')).toEqual([
      ['K8S_REQUIRED', 'spec.containers[0].name', 7, 'Required value'],
    ])
  })

  test('a Deployment needs a selector and a template whose labels it selects', () => {
    expect(diagnose(deployment('spec:\n  replicas: 1\n'))).toEqual([
      ['K8S_REQUIRED', 'spec.selector', 6, 'Required value'],
      ['K8S_REQUIRED', 'spec.template.spec.containers', 6, 'Required value'],
    ])
    expect(
      diagnose(
        deployment(
          'spec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: api\n    spec:\n      containers:\n      - {name: c, image: x}\n',
        ),
      ),
    ).toEqual([['K8S_INVALID', 'spec.template.metadata.labels', 12, 'Invalid value: map[string]string{"app":"api"}: `selector` does not match template `labels`']])
    expect(diagnose(deployment('spec:\n  selector: {}\n  template:\n    spec:\n      containers:\n      - {name: c, image: x}\n'))).toEqual([
      ['K8S_INVALID', 'spec.selector', 7, 'Invalid value: {}: empty selector is invalid for deployment'],
    ])
  })

  test('StatefulSet, DaemonSet and ReplicaSet are checked like Deployments; other versions are not served', () => {
    for (const kind of ['StatefulSet', 'DaemonSet', 'ReplicaSet']) {
      expect(diagnose(`apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n      containers:\n      - {name: c, image: x}\n`)).toEqual([
        ['K8S_REQUIRED', 'spec.selector', 5, 'Required value'],
      ])
    }
    expect(diagnose('apiVersion: apps/v1beta1\nkind: Deployment\nmetadata:\n  name: w\n')).toEqual([
      ['K8S_VERSION_NOT_SERVED', 'apiVersion', 1, 'no matches for kind "Deployment" in version "apps/v1beta1"'],
    ])
  })

  test('a rejected Service never reaches the meshes: validate() reports it once and the pipeline drops it', () => {
    const {resources} = parseResources(service(''), 'k.yaml')
    expect(validate({resources}).map((d) => d.code)).toEqual(['K8S_REQUIRED'])
  })
})
