import {cleanup, render} from 'ink-testing-library'
import {afterEach, expect, test} from 'vitest'
import type {Diagnostic} from '../../src/model/diagnostic.js'
import {FindingsPane} from '../../src/tui/findings-pane.js'
import {paletteFor} from '../../src/tui/palette.js'

afterEach(cleanup)

const finding = (relatedFile: string): Diagnostic => ({
  code: 'OSM_CAPTURE_BYPASSED',
  severity: 'error',
  field: 'spec.ports[0]',
  message: 'not redirected',
  source: {file: 'egress.yaml', line: 12, column: 5, path: '/spec/ports/0'},
  object: {kind: 'Egress', namespace: 'curl', name: 'httpbin'},
  related: {
    source: {file: relatedFile, line: 15, column: 36, path: '/spec/traffic/outboundPortExclusionList/0'},
    object: {kind: 'MeshConfig', namespace: 'osm-system', name: 'osm-mesh-config'},
    field: 'spec.traffic.outboundPortExclusionList[0]',
  },
})

test('the findings pane names the line of the setting that defeats the policy: in the edited file by line, else FILE:LINE', () => {
  const pane = (d: Diagnostic) => render(<FindingsPane findings={[d]} width={200} height={4} palette={paletteFor(false)} />).lastFrame()
  expect(pane(finding('egress.yaml'))).toContain('line 12 spec.ports[0]: not redirected [set at line 15]')
  expect(pane(finding('mesh.yaml'))).toContain('line 12 spec.ports[0]: not redirected [set at mesh.yaml:15]')
})
