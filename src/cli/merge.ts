export default async function merge(_files: string[], _opts: Record<string, unknown>): Promise<void> {
  throw new Error('merge: under construction');
}
