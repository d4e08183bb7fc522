/**
 * The NAT probe as the main process runs it, started inside a lab home
 * (`ip netns exec <home> node --import tsx …`): the ICE servers come as JSON in
 * argv[2]; one line `NAT RESULT <json>` goes to stdout.
 */
import { probeNatBehaviour } from '../../electron/core/nat-behaviour';
import { rtcIceServerSchema } from '../../shared/ipc';

const servers = rtcIceServerSchema.array().parse(JSON.parse(process.argv[2] ?? '[]'));
const result = await probeNatBehaviour(servers);
console.log(`NAT RESULT ${JSON.stringify(result)}`);
