export async function run(_paths: string[], _opts: Record<string, unknown>): Promise<void> {
  throw new Error('run: under construction');
}
