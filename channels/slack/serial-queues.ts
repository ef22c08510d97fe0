// One FIFO per key: work for the same conversation runs in order, different conversations in parallel.
export class SerialQueues {
  readonly #tails = new Map<string, Promise<void>>()

  push (key: string, work: () => Promise<void>): Promise<void> {
    const previous = this.#tails.get(key) ?? Promise.resolve()
    const next = previous.then(work, work)
    this.#tails.set(key, next)
    // The caller gets `next` and its rejection; this clean-up chain must not raise a second, unhandled one.
    next.finally(() => { if (this.#tails.get(key) === next) this.#tails.delete(key) }).catch(() => {})
    return next
  }

  async idle (): Promise<void> {
    while (this.#tails.size) await Promise.allSettled([...this.#tails.values()])
  }
}
