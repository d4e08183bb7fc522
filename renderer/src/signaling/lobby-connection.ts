/**
 * The connection opened from the lobby before Join, so a call does not wait for
 * one: against a remote server that is a TCP, TLS and WebSocket handshake, a
 * few round trips, before the join can even be sent. One owner (the app's
 * CallHolder) holds it; the Call of the next Join takes it over and, having
 * left its room cleanly, gives it back at hang-up (a call joined again goes at
 * once). A connection that may still be in a room is dropped, never kept.
 */
import { SignalingClient, type SignalingEvents } from './socket-signaling';

/** Events of a connection nobody is using yet. */
const UNATTACHED: SignalingEvents = { state() {}, peerJoined() {}, peerLeft() {}, signal() {}, reconnected() {} };

export interface LobbyTarget {
  url: string;
  /** The invite the handshake presents; null for open rooms. */
  token: string | null;
}

export class LobbyConnection {
  private warm: (LobbyTarget & { client: SignalingClient }) | null = null;

  /** Opens (or keeps) the lobby's connection to `target.url`, presenting `target.token`; null closes it. */
  preconnect(target: LobbyTarget | null): void {
    const warm = this.warm;
    if (target && warm && warm.url === target.url && warm.token === target.token && warm.client.alive) return;
    this.close();
    if (!target) return;
    const { token } = target;
    this.warm = { ...target, client: new SignalingClient(target.url, UNATTACHED, () => token) };
  }

  /**
   * The connection for a call: the lobby's when it is to this server with the
   * invite the call presents, and up or on its way up (a Join pressed at once
   * finishes the handshake already started); a new one otherwise.
   */
  take(url: string, token: string | null, events: SignalingEvents): SignalingClient {
    const lobby = this.warm;
    this.warm = null;
    let client: SignalingClient;
    if (lobby && lobby.url === url && lobby.token === token && lobby.client.alive) {
      client = lobby.client;
      client.attach(events);
    } else {
      lobby?.client.close();
      client = new SignalingClient(url, events, () => token);
    }
    client.keepWith((back) => this.keep({ url, token, client: back }));
    return client;
  }

  /** A call's connection, back after its call left the room: the lobby's from now on. */
  private keep(back: LobbyTarget & { client: SignalingClient }): void {
    this.close();
    back.client.attach(UNATTACHED);
    this.warm = back;
  }

  close(): void {
    this.warm?.client.close();
    this.warm = null;
  }
}
