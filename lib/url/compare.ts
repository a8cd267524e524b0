/**
 * The comparison page, `/apps/<appId>/compare/<otherAppId>`: two runs of one app name, `appId`
 * the current one and `otherAppId` the base. All of its state is in the path.
 */
export function compareHref(appId: string, otherAppId: string): string {
  return `/apps/${encodeURIComponent(appId)}/compare/${encodeURIComponent(otherAppId)}`;
}
