import {describe, expect, test} from 'vitest'
import {ApiError, type Call, type Send} from '../../src/cluster/api.js'
import {listAll, PAGE_SIZE, ShortRead} from '../../src/cluster/list.js'

type Answer = {items?: unknown[]; metadata?: {continue?: string; remainingItemCount?: number}} | ApiError

/** A server that answers each request with the next canned answer, recording the queries. */
function server(answers: Answer[]): {send: Send; queries: Array<Call['query']>} {
  const queries: Array<Call['query']> = []
  const send: Send = async (_method, _path, call) => {
    queries.push(call?.query)
    const next = answers.shift()
    if (!next) throw new Error('no more answers')
    if (next instanceof ApiError) throw next
    return next
  }
  return {send, queries}
}

const items = (from: number, n: number) => Array.from({length: n}, (_, i) => ({metadata: {name: `e-${from + i}`}}))
/** The Status a kube-apiserver sends when etcd compacted the revision of a continue token (storage/etcd3 handleCompactedErrorForPaging). */
const expired = new ApiError(410, {
  kind: 'Status',
  status: 'Failure',
  reason: 'Expired',
  code: 410,
  message: 'The provided continue parameter is too old to display a consistent list result.',
})

describe('listAll: every page, or an error', () => {
  test("follows continue tokens to the end, asking kubectl's page size", async () => {
    const s = server([
      {items: items(0, 2), metadata: {continue: 'a', remainingItemCount: 3}},
      {items: items(2, 2), metadata: {continue: 'b', remainingItemCount: 1}},
      {items: items(4, 1), metadata: {}},
    ])
    const listed = await listAll(s.send, '/x', {})
    expect(listed.items.map((i) => (i.metadata as {name: string}).name)).toEqual(['e-0', 'e-1', 'e-2', 'e-3', 'e-4'])
    expect(listed).toMatchObject({requests: 3, relisted: false})
    expect(s.queries).toEqual([
      {limit: PAGE_SIZE, continue: undefined},
      {limit: PAGE_SIZE, continue: 'a'},
      {limit: PAGE_SIZE, continue: 'b'},
    ])
  })

  test('a list that ends before remainingItemCount is reached is a short read', async () => {
    const s = server([
      {items: items(0, 2), metadata: {continue: 'a', remainingItemCount: 3}},
      {items: items(2, 1), metadata: {}},
    ])
    await expect(listAll(s.send, '/x', {})).rejects.toEqual(ShortRead.announced(3, 5))
  })

  test('pages that disagree about the total are a short read', async () => {
    const s = server([
      {items: items(0, 2), metadata: {continue: 'a', remainingItemCount: 3}},
      {items: items(2, 2), metadata: {continue: 'b', remainingItemCount: 5}},
    ])
    await expect(listAll(s.send, '/x', {})).rejects.toBeInstanceOf(ShortRead)
  })

  test('a continue token handed back unchanged ends in an error, not a loop', async () => {
    const s = server([
      {items: items(0, 1), metadata: {continue: 'a'}},
      {items: [], metadata: {continue: 'a'}},
    ])
    await expect(listAll(s.send, '/x', {})).rejects.toEqual(new ShortRead('the API server handed back the same continue token after 1 objects'))
  })

  test('without remainingItemCount (a selector hides it) the list still runs to its last token', async () => {
    const s = server([
      {items: [], metadata: {continue: 'a'}},
      {items: items(0, 1), metadata: {}},
    ])
    expect((await listAll(s.send, '/x', {fieldSelector: 'metadata.name=istio'})).items).toHaveLength(1)
    expect(s.queries[1]).toEqual({fieldSelector: 'metadata.name=istio', limit: PAGE_SIZE, continue: 'a'})
  })

  test('410 Expired after the first page: the whole collection again, in one request without limit or token (client-go pager FullListIfExpired)', async () => {
    const s = server([{items: items(0, 2), metadata: {continue: 'a', remainingItemCount: 3}}, expired, {items: items(0, 6), metadata: {}}])
    const listed = await listAll(s.send, '/x', {fieldSelector: 'f'})
    expect(listed.items).toHaveLength(6)
    expect(listed).toMatchObject({requests: 3, relisted: true})
    expect(s.queries[2]).toEqual({fieldSelector: 'f'})
  })

  test('410 on the first page, or a 410 that is not Expired, is an error', async () => {
    await expect(listAll(server([expired]).send, '/x', {})).rejects.toBe(expired)
    const gone = new ApiError(410, {reason: 'Gone'})
    await expect(listAll(server([{items: [], metadata: {continue: 'a'}}, gone]).send, '/x', {})).rejects.toBe(gone)
  })
})
