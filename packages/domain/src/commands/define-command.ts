import type { EventEnvelope } from '@planledger/event-store';
import type { z } from 'zod';
import type { Agency, CommandDefinition } from '../application/contract';
import type { CommandName, Ownership } from '../access/policy';
import type { OrganisationRegisterState } from '../register/organisation-register';
import { rolesAllowed } from '../access/policy';
import type { ChildState } from '../deciders/child';
import type { DecisionContext, RecordedEvent } from '../deciders/decision';
import type { StreamModule } from '../deciders/streams';
import type { DomainEvent, DomainEventType } from '../events/all';
import type { StreamCategory } from '../events/common';

/** The stream a command writes to: one that exists (named by its params or body), or a new one. */
export type CommandTarget = { streamId: string; entityId: string } | { creates: StreamCategory };

export interface DecideInput<Params, Body, State> {
  params: Params;
  body: Body;
  /** The id of the entity the stream holds (for a creating command, the new one). */
  entityId: string;
  streamId: string;
  state: State;
  /** The target stream's events as stored. */
  events: readonly EventEnvelope[];
  child: ChildState;
  /** Other streams the command named (e.g. the plan an audit grades), as stored. */
  related: ReadonlyMap<string, readonly EventEnvelope[]>;
  /** The organisation register as it stands. */
  register: OrganisationRegisterState;
  ctx: DecisionContext;
}

export interface CommandSpec<Params, Body, State> {
  name: CommandName;
  path: string;
  summary: string;
  params: z.ZodType<Params>;
  body: z.ZodType<Body>;
  emits: readonly DomainEventType[];
  stream: StreamModule<State>;
  /** A new stream of this category, or the existing stream the params or body name. */
  target: { creates: StreamCategory } | ((params: Params, body: Body) => { streamId: string; entityId: string });
  /** For a command creating a stream about an existing child: that child. */
  childOf?: (body: Body) => string;
  /** Streams besides the target and the child that the decider needs to see. */
  related?: (body: Body) => string[];
  /** The agency whose contribution or advice this writes, for the agency rule of the access policy. */
  writesForAgency?: (input: { body: Body; state: State; events: readonly EventEnvelope[] }) => Agency | undefined;
  /** The organisation that owns what this writes to (the adviser a request names, the writer of a named event): only it may. */
  ownedBy?: (input: { body: Body; state: State; events: readonly EventEnvelope[] }) => Ownership | undefined;
  /** False for commands about no child (the organisation register): no team applies. Default true. */
  concernsChild?: boolean;
  /** The events to append, all to the target stream: a command never writes a second stream. */
  decide: (input: DecideInput<Params, Body, State>) => DomainEvent[];
  /** What the answer tells the caller about what was created, read off the first event's data as stored. */
  created?: (firstEventData: Record<string, unknown>) => Record<string, string>;
}

/** A command with its types erased, as executeCommand runs it. */
export interface CommandHandler {
  definition: CommandDefinition;
  target: (params: unknown, body: unknown) => CommandTarget;
  childOf?: (body: unknown) => string;
  related?: (body: unknown) => string[];
  fold: (events: readonly RecordedEvent[]) => unknown;
  writesForAgency?: (input: { body: unknown; state: unknown; events: readonly EventEnvelope[] }) => Agency | undefined;
  ownedBy?: (input: { body: unknown; state: unknown; events: readonly EventEnvelope[] }) => Ownership | undefined;
  concernsChild: boolean;
  decide: (input: DecideInput<unknown, unknown, unknown>) => DomainEvent[];
  created?: (firstEventData: Record<string, unknown>) => Record<string, string>;
}

export function defineCommand<Params, Body, State>(spec: CommandSpec<Params, Body, State>): CommandHandler {
  const definition: CommandDefinition = {
    name: spec.name,
    method: 'POST',
    path: spec.path,
    summary: spec.summary,
    params: spec.params,
    body: spec.body,
    roles: rolesAllowed(spec.name),
    emits: spec.emits,
    creates: typeof spec.target !== 'function',
  };
  const target = spec.target;
  const handler: CommandHandler = {
    definition,
    // The executor only ever passes values parsed by this command's own schemas, so the casts hold.
    target: typeof target === 'function' ? (params, body) => target(params as Params, body as Body) : () => target,
    fold: (events) => events.reduce(spec.stream.evolve, spec.stream.initial()),
    concernsChild: spec.concernsChild ?? true,
    decide: (input) => spec.decide(input as DecideInput<Params, Body, State>),
  };
  if (spec.created) handler.created = spec.created;
  if (spec.childOf) handler.childOf = (body) => spec.childOf!(body as Body);
  if (spec.related) handler.related = (body) => spec.related!(body as Body);
  if (spec.writesForAgency) handler.writesForAgency = (input) => spec.writesForAgency!(input as { body: Body; state: State; events: readonly EventEnvelope[] });
  if (spec.ownedBy) handler.ownedBy = (input) => spec.ownedBy!(input as { body: Body; state: State; events: readonly EventEnvelope[] });
  return handler;
}
