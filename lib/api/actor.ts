import 'server-only';

/**
 * Who is making a request, as the incidents' history records it. Until sign-in lands everyone is
 * "anonymous"; the auth work replaces this one function (and nothing else) with the signed-in
 * user's name.
 */
export function actorOf(request: Pick<Request, 'headers'>): string {
  void request;
  return 'anonymous';
}
