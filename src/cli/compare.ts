export async function compare(_base: string, _current: string, _opts: Record<string, unknown>): Promise<void> {
  throw new Error('compare: under construction');
}
