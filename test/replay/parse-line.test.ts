import {describe, expect, it} from 'vitest'
import {parseLine} from '../../src/replay/parse-line.js'

describe('parseLine', () => {
  it('reads every field of Istio’s text format by position, including the kubectl prefix', () => {
    const p = parseLine(
      '[pod/a-b/istio-proxy] [2026-12-01T10:00:01.101Z] "PUT /x?y=1 HTTP/2" 201 - via_upstream - "-" 3 4 5 6 "-" "agent with spaces" "id" "api.example:8443" "10.0.0.2:8443" outbound|8443||api.example 10.0.0.1:1 10.0.0.2:8443 10.0.0.1:2 - -',
    )
    expect(p).toEqual({
      kind: 'access',
      prefix: {pod: 'a-b', container: 'istio-proxy'},
      record: {
        format: 'istio-text',
        method: 'PUT',
        path: '/x?y=1',
        protocol: 'HTTP/2',
        responseCode: 201,
        responseFlags: undefined,
        authority: 'api.example:8443',
        upstreamHost: '10.0.0.2:8443',
        upstreamCluster: 'outbound|8443||api.example',
        originalDestination: '10.0.0.2:8443',
        sni: undefined,
      },
    })
  })

  it('rejects Envoy’s own log lines and pilot-agent lines, which also start with a bracket or a date', () => {
    expect(parseLine('[2026-12-01 10:00:00.000][1][info][main] [source/server/server.cc:900] starting').kind).toBe('other')
    expect(parseLine('2026-12-01T10:00:00.000000Z\tinfo\tEnvoy proxy is ready').kind).toBe('other')
    expect(parseLine('{"msg":"x"}').kind).toBe('other')
    expect(parseLine('{not json').kind).toBe('other')
  })
})
