export default async function report(_files: string[], _opts: Record<string, unknown>): Promise<void> {
  throw new Error('report: under construction');
}
