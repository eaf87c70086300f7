/**
 * Values keyed by a sequence of parts, one Map per part: a lookup hashes each part where it lies (a slice of
 * the line, a parsed JSON value) instead of joining the parts into one string first, and two sequences share
 * a slot only if every part is the same value (SameValueZero), so no separator can make two keys one.
 */
export type KeyTrie = Map<unknown, unknown>

/** The level below `key`, made if it is not there yet. */
export function trieChild(level: KeyTrie, key: unknown): KeyTrie {
  let next = level.get(key) as KeyTrie | undefined
  if (next === undefined) level.set(key, (next = new Map()))
  return next
}

/** One slot of a trie: the value is `level.get(key)`. */
export interface TrieSlot {
  level: KeyTrie
  key: unknown
}
