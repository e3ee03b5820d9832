// fastify 5 + @fastify/cookie + @fastify/session with its in-memory store.
// saveUninitialized false, as for express-session; the cookie is not Secure because the bench speaks plain HTTP.
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import Fastify from 'fastify';
import { fail, serve } from '../../lib/child.mjs';
import { LOGGED_IN, NOT_LOGGED_IN } from '../../lib/sessions-app.mjs';

const records = new Map();
const app = Fastify({ logger: false });
app.register(fastifyCookie);
app.register(fastifySession, {
  secret: 'bench-secret-not-for-production-0123456789',
  cookie: { secure: false },
  saveUninitialized: false,
  store: new fastifySession.MemoryStore(records),
});
app.get('/', async (req, reply) => {
  reply.type('text/html; charset=utf-8');
  return req.session.get('logged_in') ? LOGGED_IN : NOT_LOGGED_IN;
});
app.get('/login', async (req, reply) => {
  req.session.set('logged_in', true);
  return reply.redirect('/', 303);
});

app
  .listen({ port: 0, host: '127.0.0.1' })
  .then(() => serve(app.server, { count: () => records.size, clear: () => records.clear() }), fail);
