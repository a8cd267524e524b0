/**
 * Who may see what, as values every layer can take: roles in increasing power and the app-name
 * patterns a caller is limited to. The principal travels down as an `AppScope` argument, never as
 * global state.
 */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** `team-a-*`: letters, digits, `.`, `_`, `-`, with `*` for any run of characters. */
export const APP_PATTERN = /^[A-Za-z0-9._*-]{1,200}$/;

/** The apps a caller may see: every app, or those whose name matches one of the patterns. */
export type AppScope = { all: true } | { all: false; patterns: readonly string[] };

export const ALL_APPS: AppScope = { all: true };

export function atLeast(role: Role, wanted: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(wanted);
}

const REGEX_META = /[.*+?^${}()|[\]\\/-]/g;

/** The patterns as one anchored regular expression (RE2 and JS agree on this subset). */
export function patternsRegex(patterns: readonly string[]): string {
  if (!patterns.length) return '$^';
  return patterns
    .map((p) =>
      p
        .split('*')
        .map((literal) => literal.replace(REGEX_META, '\\$&'))
        .join('.*'),
    )
    .join('|');
}

/** Whether an app of this name is in scope; a nameless app is visible only to unscoped callers. */
export function allowsApp(scope: AppScope, appName: string | undefined): boolean {
  if (scope.all) return true;
  if (appName === undefined) return false;
  return new RegExp(`^(?:${patternsRegex(scope.patterns)})$`).test(appName);
}

/** Keeps the items whose app name is in scope. */
export function inScope<T>(
  scope: AppScope,
  items: readonly T[],
  nameOf: (item: T) => string | undefined,
): T[] {
  return scope.all ? [...items] : items.filter((item) => allowsApp(scope, nameOf(item)));
}
