/**
 * The fuzzer's own cases and contract checks (scripts/fuzz: mutated examples/ and ../shared/conformance sets,
 * YAML 1.1 scalars, anchors, random regexes and requests, another mesh) for the first cases of one seed, so
 * the contract is checked on every change; `npm run fuzz` runs the same generator for millions of cases.
 * FUZZ_SEED picks another seed; a failure names the command that replays its case.
 */
import {expect, test} from 'vitest'
import {checkCase} from '../../scripts/fuzz/check.js'
import {generateCase} from '../../scripts/fuzz/generate.js'
import {caseSeed, Random} from '../../scripts/fuzz/random.js'
import {readSeeds} from '../../scripts/fuzz/seeds.js'
import {ROOT} from '../helpers/cli.js'

const SEED = Number(process.env.FUZZ_SEED ?? 20261121)
const CASES = 300

test(`fuzz seed ${SEED}: ${CASES} cases end in a verdict or clean input errors, within the contract`, () => {
  const seeds = readSeeds(ROOT)
  const failures: string[] = []
  const verdicts = new Map<string, number>()
  for (let i = 0; i < CASES; i++) {
    try {
      const {verdict} = checkCase(generateCase(new Random(caseSeed(SEED, i)), seeds))
      verdicts.set(verdict ?? 'bad request', (verdicts.get(verdict ?? 'bad request') ?? 0) + 1)
    } catch (err) {
      failures.push(`FUZZ_SEED=${SEED} FUZZ_CASE=${i} npm run fuzz: ${String(err instanceof Error ? err.message : err).split('\n')[0]}`)
    }
  }
  expect(failures).toEqual([])
  // Not vacuous: the cases reach both verdicts and the request parser's errors.
  expect([...verdicts.keys()].sort()).toEqual(expect.arrayContaining(['allow', 'bad request', 'deny']))
})
