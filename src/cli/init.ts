export async function init(_opts: Record<string, unknown>): Promise<void> {
  throw new Error('init: under construction');
}
