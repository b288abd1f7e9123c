import { CATEGORIES } from '#core/categories';
import { httpHandler } from '#shared/http';

/** GET /categories: the letter's schema of what is included and what is billable. */
export const handler = httpHandler({ route: 'list-categories' }, async () => ({ status: 200, body: CATEGORIES }));
