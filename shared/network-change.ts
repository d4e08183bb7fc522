/**
 * This computer's network as the main process sees it (issue 19): it watches the OS's interfaces
 * and default route and pushes each change to the renderer as `network:changed` (shared/ipc.ts).
 */
import { z } from 'zod';

export const MAX_NETWORK_ADDRESSES = 256;
const interfaceNameSchema = z.string().min(1).max(64);
/** One address of one interface, as os.networkInterfaces() lists it. */
export const networkAddressSchema = z
  .object({
    name: interfaceNameSchema,
    address: z.string().min(2).max(64),
    family: z.enum(['IPv4', 'IPv6']),
    internal: z.boolean(),
  })
  .strict();
export type NetworkAddress = z.infer<typeof networkAddressSchema>;
/** What changed since the last look: addresses that appeared or went away, and the default route moving. */
export const networkChangeSchema = z
  .object({
    at: z.number(),
    /** What made the main process look: its poll, the kernel's network events, the OS waking up, or going on/offline. */
    reason: z.enum(['poll', 'os', 'resume', 'online', 'offline']),
    added: z.array(networkAddressSchema).max(MAX_NETWORK_ADDRESSES),
    removed: z.array(networkAddressSchema).max(MAX_NETWORK_ADDRESSES),
    /** Every address now (which interface an address is on, for the default route's move). */
    addresses: z.array(networkAddressSchema).max(MAX_NETWORK_ADDRESSES),
    /** The interface carrying the default route before and after; null when it did not move. */
    defaultRoute: z
      .object({ from: interfaceNameSchema.nullable(), to: interfaceNameSchema.nullable() })
      .strict()
      .nullable(),
  })
  .strict();
export type NetworkChange = z.infer<typeof networkChangeSchema>;

/**
 * Whether a change may have cut the connection to the signaling server: the OS picks that
 * connection's address by the default route, so the route moving, or an interface swapping one
 * address for another of the same family (renumbered), can leave it on an address that no longer
 * reaches anyone. Such a TCP connection looks alive for tens of seconds (nothing refuses it), and an
 * ICE restart's offer sent into it is lost. A third interface coming or going touches neither.
 */
export function signalingPathTouched(change: NetworkChange): boolean {
  if (change.defaultRoute?.from) return true;
  return change.removed.some(
    (gone) =>
      !gone.internal &&
      change.added.some((fresh) => fresh.name === gone.name && fresh.family === gone.family && !fresh.internal),
  );
}
