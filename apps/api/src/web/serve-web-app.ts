import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Serves the built web app on the API's origin: its files (hashed assets, cached for a year) at
 * `/`, and index.html for `/` and every page under `/app/` (the app routes in the browser). API
 * routes and their problem-details 404s are untouched. Returns whether a web app was found.
 */
export function serveWebApp(fastify: FastifyInstance, webRoot: string): boolean {
  if (!webRoot) return false;
  const root = resolve(webRoot);
  const indexFile = resolve(root, 'index.html');
  if (!existsSync(indexFile)) return false;
  const index = readFileSync(indexFile);
  void fastify.register(fastifyStatic, {
    root,
    prefix: '/',
    // One route per file present at start: a build is fixed for the process's life.
    wildcard: false,
    index: false,
    decorateReply: false,
    setHeaders: (reply, path) => {
      if (path.includes('/assets/'))
        void reply.header('cache-control', 'public, max-age=31536000, immutable');
    },
  });
  const page = (_req: unknown, reply: FastifyReply) =>
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(index);
  fastify.get('/', page);
  fastify.get('/app', page);
  fastify.get('/app/*', page);
  return true;
}
