/** Where to go back to after signing in or choosing a language: a path of this app, nothing else. */
export function safeNext(value: string | null): string | null {
  return value && /^\/[A-Za-z0-9/_-]*$/.test(value) && !value.startsWith("//") ? value : null;
}

export function withNext(path: string, next: string): string {
  return `${path}?next=${encodeURIComponent(next)}`;
}
