import {expect, test} from 'vitest'
import {runCli} from '../helpers/cli.js'

test('edit refuses to start without a terminal, and says so', async () => {
  const r = await runCli(['edit', '-f', 'examples/osm/egress-httpbin.yaml'])
  expect(r.status).toBe(2)
  expect(r.stderr).toBe('error: edit needs a terminal (stdin and stdout must be a TTY); use validate or trace in scripts\n')
})
