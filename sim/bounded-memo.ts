/**
 * Results of a computation by string key, each computed once and then shared, in bounded memory: when `limit`
 * results are held, all are forgotten. The editor traces and explains on every keystroke, mostly with the keys
 * of the keystroke before, so the memo fills again at once, and a long session cannot grow it without bound.
 * Results must not be undefined (that means "not computed yet").
 */
export class BoundedMemo<T extends object | string | null> {
  private readonly known = new Map<string, T>()

  constructor(private readonly limit: number) {}

  get(key: string, compute: () => T): T {
    let value = this.known.get(key)
    if (value === undefined) {
      value = compute()
      if (this.known.size >= this.limit) this.known.clear()
      this.known.set(key, value)
    }
    return value
  }
}
