/** Keeps API keys out of anything promptgate prints or writes. */
const KEY_SHAPE = /sk-ant-[A-Za-z0-9]{2,8}-[A-Za-z0-9_-]{8,}/g;

export function redact(text: string, secrets: (string | undefined)[] = [process.env.ANTHROPIC_API_KEY, process.env.ANTHROPIC_AUTH_TOKEN]): string {
  let out = text.replace(KEY_SHAPE, 'sk-ant-…[redacted]');
  for (const secret of secrets) if (secret && secret.length >= 8) out = out.split(secret).join('[redacted]');
  return out;
}
