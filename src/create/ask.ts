import type {Answers} from './prompt.js'
import type {Askable, CreateMesh} from './spec.js'

/** Asks for the missing arguments on the terminal. ink and react load only here, so other commands stay fast. */
export async function askMissing(questions: Askable[], mesh: CreateMesh): Promise<Answers> {
  const [{render}, {createElement}, {CreatePrompt}] = await Promise.all([import('ink'), import('react'), import('./prompt.js')])
  let answers: Answers = {}
  const app = render(createElement(CreatePrompt, {questions, mesh, onDone: (a: Answers) => (answers = a)}), {stdout: process.stderr})
  await app.waitUntilExit()
  return answers
}
