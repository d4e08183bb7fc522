/**
 * The NAT behaviour probe's result (issue 18), in RFC 4787 terms: how the
 * network maps a local UDP port to public ones (mapping) and which outside
 * senders it lets back in (filtering). The main process measures it
 * (electron/core/nat-behaviour.ts); shared/nat-words.ts says it in words.
 */
import { z } from 'zod';

/** RFC 4787 §4.1; `dependent` = the port changed per destination but which part of it counts is unknown. */
const natMappingSchema = z.enum([
  'endpoint-independent',
  'address-dependent',
  'address-and-port-dependent',
  'dependent',
  'unknown',
]);
export type NatMapping = z.infer<typeof natMappingSchema>;

/** RFC 4787 §5; known only from a server that answers CHANGE-REQUEST (RFC 5780). */
const natFilteringSchema = z.enum([
  'endpoint-independent',
  'address-dependent',
  'address-and-port-dependent',
  'unknown',
]);
export type NatFiltering = z.infer<typeof natFilteringSchema>;

/**
 * The one answer people read:
 * - `keeps-port`: endpoint-independent mapping (or no NAT at all);
 * - `changes-port`: the public port changes per destination (symmetric NAT);
 * - `udp-blocked`: no server answered over UDP, but one answered over TCP;
 * - `unreachable`: no server answered at all, over UDP or TCP;
 * - `one-server`: one destination answered, without RFC 5780: mapping cannot be told;
 * - `no-servers`: no STUN/TURN URL reachable over UDP is configured.
 */
const natVerdictSchema = z.enum([
  'keeps-port',
  'changes-port',
  'udp-blocked',
  'unreachable',
  'one-server',
  'no-servers',
]);
export type NatVerdict = z.infer<typeof natVerdictSchema>;

export const transportAddressSchema = z
  .object({ address: z.union([z.ipv4(), z.ipv6()]), port: z.number().int().min(1).max(65_535) })
  .strict();
export type TransportAddress = z.infer<typeof transportAddressSchema>;

/** What one destination (a STUN or TURN URL, as ip:port) answered to a Binding request over UDP. */
export const natServerAnswerSchema = z
  .object({
    /** The configured URL this destination came from. */
    url: z.string().max(512),
    /** The resolved destination; null when the name did not resolve. */
    destination: transportAddressSchema.nullable(),
    /** Our public address as this server saw it (XOR-MAPPED-ADDRESS); null without an answer. */
    mapped: transportAddressSchema.nullable(),
    /** RFC 5780 OTHER-ADDRESS: the server's second address and port, when it has one. */
    otherAddress: transportAddressSchema.nullable(),
    rttMs: z.number().nonnegative().nullable(),
    /** Why there is no answer, in words; null when it answered. */
    error: z.string().max(500).nullable(),
  })
  .strict();
export type NatServerAnswer = z.infer<typeof natServerAnswerSchema>;

export const natBehaviourSchema = z
  .object({
    verdict: natVerdictSchema,
    mapping: natMappingSchema,
    filtering: natFilteringSchema,
    /** True when our public address is one of this computer's own (no NAT on the way); null when unknown. */
    publicAddressIsLocal: z.boolean().nullable(),
    /** True when a server answered CHANGE-REQUEST tests (RFC 5780), so filtering is measured. */
    rfc5780: z.boolean(),
    /** Over TCP (only asked when UDP got no answer): did any server answer a Binding? null = not asked. */
    tcpAnswered: z.boolean().nullable(),
    servers: z.array(natServerAnswerSchema).max(16),
    durationMs: z.number().nonnegative(),
  })
  .strict();
export type NatBehaviour = z.infer<typeof natBehaviourSchema>;
