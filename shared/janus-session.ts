/**
 * One Janus session and its plugin handles, over the transport in janus-client.ts: the
 * keepalive timer that keeps the session past Janus's session_timeout, attach/detach, and
 * plugin requests whose answers (a synchronous `success` or the `event` that answers an
 * asynchronous one) come back as plugin data, with the plugin's own errors thrown in words.
 */
import type { JanusHandleEvent, JanusMessage, JanusRequest, JanusTrickleCandidate } from './janus';
import { errorMessage } from './error-message';
import { JanusError, videoRoomRefused } from './janus-errors';

export type SessionEnd = 'destroyed' | 'timeout' | 'closed';

export interface PluginAnswer {
  /** plugindata.data: parse it with the plugin's schema (shared/janus.ts). */
  data: Record<string, unknown>;
  jsep?: { type: 'offer' | 'answer'; sdp: string };
}

export interface JanusHandle {
  readonly id: number;
  readonly plugin: string;
  /**
   * A request to the plugin: resolves with its answer (for `join` and the like, the event that
   * answers it); throws JanusError when Janus or the plugin refuses (error_code in the answer).
   */
  send(body: Record<string, unknown>, jsep?: PluginAnswer['jsep']): Promise<PluginAnswer>;
  /** Hands Janus one of our ICE candidates (or their end); resolves once Janus acknowledged it. */
  trickle(candidate: JanusTrickleCandidate): Promise<void>;
  /** Events Janus pushes for this handle (event, webrtcup, hangup, media, slowlink, detached, trickle). */
  onEvent(listener: (event: JanusHandleEvent) => void): () => void;
  detach(): Promise<void>;
}

export interface JanusSession {
  readonly id: number;
  attach(plugin: string): Promise<JanusHandle>;
  /** Sends one keepalive now (the timer sends them anyway); resolves on Janus's ack. */
  keepalive(): Promise<void>;
  /** Called after each keepalive Janus acknowledged. */
  onKeepalive(listener: () => void): () => void;
  destroy(): Promise<void>;
  /** Resolves with why the session ended: destroyed by us, timed out in Janus, or the connection closed. */
  readonly ended: Promise<SessionEnd>;
}

/** What the transport tells a session. */
export interface SessionWire {
  ended(why: SessionEnd): void;
  handleEvent(event: JanusHandleEvent): void;
}

export interface SessionDeps {
  send(request: JanusRequest, what: string, ackAnswers?: boolean): Promise<JanusMessage>;
  keepaliveMs: number;
  onProblem(error: JanusError): void;
  protocolError(problem: string): JanusError;
  forget(id: number): void;
}

function listeners<T extends unknown[]>() {
  const set = new Set<(...args: T) => void>();
  return {
    add: (listener: (...args: T) => void) => {
      set.add(listener);
      return () => void set.delete(listener);
    },
    emit: (...args: T) => {
      for (const listener of [...set]) listener(...args);
    },
  };
}

/** The plugin's error shape, in any plugin: `{ error_code: number, error: string }`. */
function pluginError(data: Record<string, unknown>): { code: number; reason: string } | null {
  const { error_code: code, error: reason } = data;
  return typeof code === 'number' && typeof reason === 'string' ? { code, reason } : null;
}

type Listeners<T extends unknown[]> = ReturnType<typeof listeners<T>>;

/** A plugin request on handle `target.id` of session `target.session`: its answer as plugin data, the plugin's refusal thrown. */
async function pluginRequest(
  deps: SessionDeps,
  target: { session: number; id: number; plugin: string },
  body: Record<string, unknown>,
  jsep: PluginAnswer['jsep'],
): Promise<PluginAnswer> {
  const what = `${target.plugin} "${typeof body.request === 'string' ? body.request : 'message'}"`;
  const request: JanusRequest = { janus: 'message', session_id: target.session, handle_id: target.id, body };
  const answer = await deps.send(jsep ? { ...request, jsep } : request, what);
  if ((answer.janus !== 'success' && answer.janus !== 'event') || !answer.plugindata)
    throw deps.protocolError(`${what} answered without plugin data`);
  const data = answer.plugindata.data;
  const refused = pluginError(data);
  if (refused) throw videoRoomRefused(what, refused.code, refused.reason);
  return answer.janus === 'event' && answer.jsep ? { data, jsep: answer.jsep } : { data };
}

/** Plugin handle `target.id` on its session, listed in the session's `handles` (which routes its events) until detached. */
function createHandle(
  target: { session: number; id: number; plugin: string },
  deps: SessionDeps,
  handles: Map<number, Listeners<[JanusHandleEvent]>>,
): JanusHandle {
  const events = listeners<[JanusHandleEvent]>();
  handles.set(target.id, events);
  return {
    id: target.id,
    plugin: target.plugin,
    send: (body, jsep) => pluginRequest(deps, target, body, jsep),
    async trickle(candidate) {
      const request: JanusRequest = { janus: 'trickle', session_id: target.session, handle_id: target.id, candidate };
      await deps.send(request, 'a candidate', true);
    },
    onEvent: events.add,
    async detach() {
      const request: JanusRequest = { janus: 'detach', session_id: target.session, handle_id: target.id };
      await deps.send(request, `detaching from ${target.plugin}`);
      handles.delete(target.id);
    },
  };
}

export function createJanusSession(id: number, deps: SessionDeps): { api: JanusSession; wire: SessionWire } {
  const handles = new Map<number, Listeners<[JanusHandleEvent]>>();
  const keepalives = listeners<[]>();
  let end: SessionEnd | null = null;
  let resolveEnded: (why: SessionEnd) => void = () => undefined;
  const ended = new Promise<SessionEnd>((resolve) => (resolveEnded = resolve));

  const finish = (why: SessionEnd) => {
    if (end !== null) return;
    end = why;
    clearInterval(timer);
    deps.forget(id);
    resolveEnded(why);
  };

  async function keepalive() {
    const answer = await deps.send({ janus: 'keepalive', session_id: id }, 'a keepalive', true);
    if (answer.janus !== 'ack') throw deps.protocolError(`keepalive answered with "${answer.janus}"`);
    keepalives.emit();
  }

  const timer = setInterval(() => {
    keepalive().catch((error: unknown) => {
      if (end === null) deps.onProblem(error instanceof JanusError ? error : deps.protocolError(errorMessage(error)));
    });
  }, deps.keepaliveMs);

  const api: JanusSession = {
    id,
    ended,
    keepalive,
    onKeepalive: keepalives.add,
    async attach(plugin) {
      const answer = await deps.send({ janus: 'attach', session_id: id, plugin }, `attaching to ${plugin}`);
      if (answer.janus !== 'success' || !answer.data) throw deps.protocolError('attach answered without a handle id');
      return createHandle({ session: id, id: answer.data.id, plugin }, deps, handles);
    },
    async destroy() {
      if (end !== null) return;
      try {
        await deps.send({ janus: 'destroy', session_id: id }, 'destroying a session');
      } finally {
        finish('destroyed');
      }
    },
  };

  const wire: SessionWire = {
    ended: finish,
    handleEvent(event) {
      handles.get(event.sender)?.emit(event);
      if (event.janus === 'detached') handles.delete(event.sender);
    },
  };
  return { api, wire };
}
