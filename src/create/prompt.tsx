import {Box, Text, useApp, useInput} from 'ink'
import {useEffect, useState} from 'react'
import {type PromptState, QUESTIONS, initialPrompt, isDone, reduce} from './prompt-state.js'
import type {Askable, CreateMesh} from './spec.js'

export type Answers = PromptState['answers']

interface Props {
  readonly questions: Askable[]
  readonly mesh: CreateMesh
  readonly onDone: (answers: Answers) => void
}

/** Asks each missing argument in turn; answers are checked as the flags would be. */
export function CreatePrompt({questions, mesh, onDone}: Props) {
  const [state, setState] = useState(() => initialPrompt(questions, mesh))
  const {exit} = useApp()
  useInput((input, key) => {
    if (key.return) setState((s) => reduce(s, {type: 'submit'}))
    else if (key.backspace || key.delete) setState((s) => reduce(s, {type: 'erase'}))
    else if (input && !key.ctrl && !key.meta) setState((s) => reduce(s, {type: 'type', text: input}))
  })
  useEffect(() => {
    if (!isDone(state)) return
    onDone(state.answers)
    exit()
  }, [state, onDone, exit])
  return (
    <Box flexDirection="column">
      {state.questions.slice(0, state.at).map((q) => (
        <Text key={q}>
          <Text color="green">✔ </Text>
          {QUESTIONS[q].label}: {state.answers[q]?.join(', ')}
        </Text>
      ))}
      {!isDone(state) && <Question field={state.questions[state.at]} typed={state.typed} error={state.error} />}
    </Box>
  )
}

function Question({field, typed, error}: {readonly field: Askable; readonly typed: string; readonly error: string | null}) {
  const q = QUESTIONS[field]
  return (
    <Box flexDirection="column">
      <Text>
        <Text color="cyan">? </Text>
        {q.label} <Text dimColor>(e.g. {q.example})</Text>: {typed}
      </Text>
      {error && <Text color="red">{error}</Text>}
    </Box>
  )
}
