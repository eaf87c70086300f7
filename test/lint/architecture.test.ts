import {ESLint} from 'eslint'
import tseslint from 'typescript-eslint'
import {describe, expect, test} from 'vitest'
import {ROOT} from '../helpers/cli.js'

// The architecture rules of eslint.config.js, run on text given a path inside the tree (nothing is written):
// README "Layout" — sim/ is pure, takes only types from src/model; the cluster client and ink load in one place.
// These rules read syntax only; type information is off because the probe files exist in no tsconfig program.
// import-x/no-cycle is off too: it would walk the whole import graph from each probe (~40 s for one).
const eslint = new ESLint({cwd: ROOT, overrideConfig: [tseslint.configs.disableTypeChecked, {rules: {'import-x/no-cycle': 'off'}}]})

async function restrictions(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, {filePath: `${ROOT}${filePath}`})
  const fatal = result.messages.filter((m) => m.fatal)
  expect(fatal).toEqual([])
  return result.messages
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports' || m.ruleId === 'no-restricted-syntax' || m.ruleId === 'no-restricted-globals')
    .map((m) => m.message)
}

describe('sim/ is pure', () => {
  test.each([
    ['a value from src/', "import {loadFiles} from '../../src/load/index.js'\nexport const f = loadFiles\n", 'sim/ imports nothing from src/'],
    ['a value from src/model', "import {hasErrors} from '../../src/model/diagnostic.js'\nexport const f = hasErrors\n", 'only `import type` from src/model'],
    ['a command', "import Trace from '../../commands/trace.js'\nexport const c = Trace\n", 'nothing of the CLI'],
    ['node:fs', "import {readFileSync} from 'node:fs'\nexport const r = readFileSync\n", 'no I/O'],
    ['child_process', "import {execFile} from 'child_process'\nexport const e = execFile\n", 'no I/O'],
    ['oclif', "import {Command} from '@oclif/core'\nexport const c = Command\n", 'nothing of the CLI'],
    ['ink', "import {Box} from 'ink'\nexport const b = Box\n", 'no UI'],
    ['the cluster client', "import {KubeConfig} from '@kubernetes/client-node'\nexport const k = KubeConfig\n", 'no cluster client'],
    ['a module at run time', "export const m = () => import('yaml')\n", 'loads no module at run time'],
    ['the process global', 'export const env = () => process.env\n', 'the caller passes'],
  ])('%s in a sim/ file fails lint', async (_what, code, says) => {
    const messages = await restrictions('sim/trace/lint-probe.ts', code)
    expect(messages).toHaveLength(1)
    expect(messages[0]).toContain(says)
  })

  test('types from src/model and values from sim/ and pure packages pass', async () => {
    const code = "import type {Diagnostic} from '../../src/model/diagnostic.js'\nimport {parse} from 'yaml'\nexport const f = (d: Diagnostic) => parse(d.message)\n"
    expect(await restrictions('sim/trace/lint-probe.ts', code)).toEqual([])
  })
})

describe('heavy modules load in one place', () => {
  const clientNode = "export const k = async () => (await import('@kubernetes/client-node')).KubeConfig\n"
  test('the cluster client is loaded by src/cluster/connect.ts only', async () => {
    expect(await restrictions('src/cluster/connect.ts', clientNode)).toEqual([])
    expect(await restrictions('src/cluster/lint-probe.ts', clientNode)).toEqual([expect.stringContaining('Only src/cluster/connect.ts')])
    expect(await restrictions('commands/lint-probe.ts', "import {KubeConfig} from '@kubernetes/client-node'\nexport const k = KubeConfig\n")).toHaveLength(1)
  })

  test('ink and react are imported by src/tui and the create prompt only; commands load them with import()', async () => {
    const ink = "import {Box} from 'ink'\nexport const b = Box\n"
    expect(await restrictions('src/tui/lint-probe.ts', ink)).toEqual([])
    expect(await restrictions('src/create/prompt.tsx', ink)).toEqual([])
    expect(await restrictions('src/render/lint-probe.ts', ink)).toEqual([expect.stringContaining('src/tui and the create prompt')])
    expect(await restrictions('commands/lint-probe.ts', "export const i = () => import('ink')\n")).toEqual([])
  })
})
