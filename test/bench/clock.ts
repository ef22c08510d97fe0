// One clock for the bench processes: epoch milliseconds with sub-millisecond resolution.
export const nowMs = (): number => performance.timeOrigin + performance.now()
