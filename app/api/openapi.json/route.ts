import { openApiDocument } from '@/lib/api/openapi';
import { json, route } from '@/lib/api/route';

export const GET = route('public', async () => json(openApiDocument), { limited: false });
