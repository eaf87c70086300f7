/**
 * explain asks requestCapture() what iptables does with a policy's request instead of tracing it: its answer
 * must be the capture step the trace records. Checked for requests that each capture rule decides (an
 * excluded port, an excluded range reached by address or through a Service's name, loopback, an included
 * range, an address outside it), under OSM's pod annotations for each list (pkg/injector/iptables.go).
 */
import {describe, expect, test} from 'vitest'
import {compile} from '../../sim/compile/index.js'
import {requestFrom} from '../../sim/request/index.js'
import {requestCapture} from '../../sim/trace/capture.js'
import {trace} from '../../sim/trace/index.js'
import {parseResources} from '../../src/load/parse.js'
import {meshBase} from '../create/helpers.js'

const SERVICE = `---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: curl}
spec:
  clusterIP: 10.1.2.3
  ports: [{name: http, port: 80}]
`

const REQUESTS = ['curl http://httpbin.org/', 'curl http://httpbin.org:8080/', 'curl http://web/', 'nc 10.1.0.5 5432', 'nc 10.96.0.1 5432', 'nc 192.168.1.1 443', 'nc 127.0.0.1 80']

const ANNOTATIONS = [
  '',
  'openservicemesh.io/outbound-port-exclusion-list: "8080"',
  'openservicemesh.io/outbound-ip-range-exclusion-list: "10.1.0.0/16"',
  'openservicemesh.io/outbound-ip-range-inclusion-list: "10.96.0.0/12"',
]

describe('requestCapture is the capture step of the trace', () => {
  for (const annotation of ANNOTATIONS) {
    test(annotation || 'no capture annotation', () => {
      const base = annotation ? meshBase('osm').replace('        app: curl\n    spec:', `        app: curl\n      annotations:\n        ${annotation}\n    spec:`) : meshBase('osm')
      expect(base).toContain(annotation)
      const table = compile({resources: parseResources(base + SERVICE, 'input.yaml').resources}, {mesh: 'osm', namespace: 'curl', serviceAccount: 'curl'})
      for (const typed of REQUESTS) {
        const request = requestFrom(typed)
        if (!request.ok) throw new Error(request.error.message)
        const traced = trace(table, request.value).hops[0].steps.find((s) => s.stage === 'capture')
        expect(requestCapture(table, request.value).steps[0], typed).toEqual(traced)
      }
    })
  }
})
