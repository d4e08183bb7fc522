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
    /** What made the main process look: its poll, the OS waking up, or going on/offline. */
    reason: z.enum(['poll', 'resume', 'online', 'offline']),
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
