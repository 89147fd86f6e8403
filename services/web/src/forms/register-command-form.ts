import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebContext } from '../web-context';
import type { SignedInPerson } from '../session/person';
import { bodyFrom, valuesForView, type CommandForm, type FormValues } from './form-spec';
import { errorsFromRefusal } from './refusal';
import { passOnRetryAfter } from '../api/retry-after';

const confirmations = new Map<string, string>();

/** The confirmation a record page shows after a form's write (`?done=<form id>`). */
export function confirmationOf(id: unknown): string | undefined {
  return typeof id === 'string' ? confirmations.get(id) : undefined;
}

/** The global position a record page should read after (`?at=`), so it shows the write it follows. */
export function readAfterOf(query: unknown): number | undefined {
  const at = Number((query as { at?: unknown } | undefined)?.at);
  return Number.isSafeInteger(at) && at >= 0 ? at : undefined;
}

export interface CommandFormRoute<Context> {
  url: string;
  form: CommandForm<Context>;
  /** What the form needs from the record (ids, names); null when there is no such record. */
  load: (request: FastifyRequest, person: SignedInPerson) => Promise<Context | null>;
  back: (context: Context) => string;
  /** Where the browser goes after the write. */
  after: (context: Context, entityId: string) => string;
  intro?: (context: Context) => string | undefined;
  /** A GOV.UK warning shown above the form, for a step that cannot be undone by the person alone. */
  warning?: (context: Context) => string | undefined;
}

/** A question page: GET shows the form, POST sends its command and shows any refusal on the fields at fault. */
export function registerCommandForm<Context>(app: FastifyInstance, web: WebContext, route: CommandFormRoute<Context>) {
  const { form } = route;
  confirmations.set(form.id, form.done);

  const show = async (reply: FastifyReply, context: Context, status: number, values?: FormValues, errors?: unknown) =>
    web.render(reply.code(status), 'forms/command-form.njk', {
      pageTitle: form.title,
      form,
      fields: form.fields(context),
      values: values ? valuesForView(form.fields(context), values) : undefined,
      errors,
      backHref: route.back(context),
      intro: route.intro?.(context),
      warning: route.warning?.(context),
    });

  app.get(route.url, async (request, reply) => {
    const person = web.personOf(request);
    const context = await route.load(request, person);
    if (context === null) return web.notFound(reply);
    return show(reply, context, 200);
  });

  app.post(route.url, { preHandler: app.csrfProtection }, async (request, reply) => {
    const person = web.personOf(request);
    const context = await route.load(request, person);
    if (context === null) return web.notFound(reply);
    const values = (request.body ?? {}) as FormValues;
    const fields = form.fields(context);
    const answer = await web.record.send(person.token, form.path(context), bodyFrom(fields, values, form.fixed?.(context, values)));
    if (answer.ok) {
      const target = route.after(context, answer.entityId);
      return reply.redirect(`${target}${target.includes('?') ? '&' : '?'}done=${form.id}&at=${answer.globalPosition}`, 303);
    }
    if (answer.status === 401) return web.signedOut(request, reply);
    const status = answer.status >= 500 ? 503 : answer.status === 400 ? 400 : answer.status;
    // The record API's wait (it gives one only with 429 and 503), passed on as the pages pass on the query API's.
    passOnRetryAfter(reply, answer.retryAfterSeconds);
    return show(reply, context, status, values, errorsFromRefusal(answer, fields));
  });
}
