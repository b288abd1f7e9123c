import type { HttpEvent, HttpResponse } from '#shared/http';
import { problem } from '#shared/http';
import { matchRoute } from './routes';

/** `$default`: no route matched. 405 (with Allow) when the path exists under another method, else 404. */
export const handler = async (event: HttpEvent): Promise<HttpResponse> => {
  const method = event.requestContext.http.method;
  const path = event.rawPath;
  const found = matchRoute(method, path);
  if ('allow' in found && found.allow.length > 0) {
    return problem(405, 'Method Not Allowed', `${method} is not allowed on ${path}; use ${found.allow.join(', ')}`, undefined, { allow: found.allow.join(', ') });
  }
  return problem(404, 'Not Found', `no route for ${method} ${path}`);
};
