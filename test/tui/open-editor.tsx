import {readFileSync} from 'node:fs'
import {render} from 'ink-testing-library'
import {loadFiles} from '../../src/load/files.js'
import {App} from '../../src/tui/app.js'
import {readRecovery, recoveryKeeper, saveFile} from '../../src/tui/save.js'
import {initialState} from '../../src/tui/state.js'

/**
 * Opens an existing file with a given recovery directory, as `kubectl egress edit -f FILE --with
 * examples/osm/00-mesh.yaml --from curl/curl` would, in a terminal of `size` (ink-testing-library).
 */
export async function openEditorOn(file: string, env: NodeJS.ProcessEnv, size = {columns: 80, rows: 24}) {
  const text = readFileSync(file, 'utf8')
  const {set} = await loadFiles(['examples/osm/00-mesh.yaml'])
  const initial = initialState({file, text, mesh: null, from: {namespace: 'curl', serviceAccount: 'curl'}, recovery: readRecovery(file, text, env)})
  const io = {save: saveFile, recovery: recoveryKeeper(file, text, env)}
  const exits: boolean[] = []
  const r = render(<App initial={initial} context={set} io={io} colour={false} size={size} onExit={(how) => exits.push(how.recovered)} />)
  const frame = () => r.lastFrame() ?? ''
  const waitFor = async (what: string | RegExp) => {
    for (let i = 0; i < 300; i++) {
      if (typeof what === 'string' ? frame().includes(what) : what.test(frame())) return
      await new Promise((res) => setTimeout(res, 10))
    }
    throw new Error(`screen never showed ${what}:\n${frame()}`)
  }
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      r.stdin.write(k)
      await new Promise((res) => setTimeout(res, 2))
    }
  }
  return {file, env, frame, waitFor, press, exits}
}
