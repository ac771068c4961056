export async function importExport(_file: string, _opts: Record<string, unknown>): Promise<void> {
  throw new Error('import: under construction');
}
