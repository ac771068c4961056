/** Readable, deterministic ids (`msg_sim000001`); numbering restarts on reset. */
export function createIds(): (prefix: 'msg' | 'req' | 'toolu' | 'msgbatch') => string {
  const counters = new Map<string, number>();
  return (prefix) => {
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    return `${prefix}_sim${String(n).padStart(6, '0')}`;
  };
}
