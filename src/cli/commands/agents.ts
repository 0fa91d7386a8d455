import { join } from 'node:path';
import { createEngineClient, type EngineClient } from '../../shared/contracts/engine-client.ts';
import { AgentMemory, MemoryRefused } from '../../agents/engine/agent-memory.ts';
import { storeMemoryHost } from '../../agents/engine/kernel-memory-host.ts';
import { LiveClock } from '../../agents/engine/live-clock.ts';
import { openCheckedProfile } from '../../agents/store/open-profile.ts';
import { CliError } from '../cli-error.ts';
import { DATABASE_FILE, intOption, parseOptions, resolveDataDir } from '../cli-options.ts';
import { serverCall } from '../serve/ask-server.ts';
import { readRuntime } from '../serve/runtime-file.ts';

const USAGE = 'usage: quorum agents list [--json] | checkpoint AGENT | restore AGENT --checkpoint ID | reset AGENT [--data DIR]';

/** The same calls, on a running server's engine or on the profile's checkpoints when none runs. */
type MemoryApi = Pick<EngineClient['agents'], 'list' | 'checkpoint' | 'restore' | 'reset'>;

function offlineApi(memory: AgentMemory): MemoryApi {
  return {
    list: () => Promise.resolve({ trading: false, agents: memory.list() }),
    checkpoint: ({ agentId }) => Promise.resolve(memory.checkpoint(agentId)),
    restore: ({ agentId, checkpointId }) => {
      memory.restore(agentId, checkpointId);
      return Promise.resolve({ message: `${agentId} restored to checkpoint ${checkpointId}; the next session starts from it` });
    },
    reset: ({ agentId }) => {
      memory.reset(agentId);
      return Promise.resolve({ message: `${agentId} will start from its initial state (its checkpoints are kept)` });
    },
  };
}

const date = (ms: number) => `${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC`;

/**
 * `quorum agents list|checkpoint|restore|reset`: the agents' memory (consensus's hit rates, the
 * optimizer's returns), through the running server when one runs (applied at once), else in the
 * profile (the next session starts from it). Refused while the agents are trading.
 */
export async function runAgents(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    data: { type: 'string' },
    json: { type: 'boolean' },
    checkpoint: { type: 'string' },
  });
  const [action, agentId] = positionals;
  if (!action || (action !== 'list' && !agentId)) throw new CliError(USAGE);
  const dataDir = resolveDataDir(values.data);
  const runtime = readRuntime(dataDir);
  const store = runtime
    ? null
    : openCheckedProfile(join(dataDir, DATABASE_FILE), (reason) => {
        throw new CliError(`cannot open the profile: ${reason}`);
      });
  const api: MemoryApi = store
    ? offlineApi(new AgentMemory(storeMemoryHost(store, () => new LiveClock().now())))
    : createEngineClient(serverCall(runtime!)).agents;
  try {
    if (action === 'list') {
      const r = await api.list({});
      if (values.json) console.log(JSON.stringify(r, null, 2));
      else {
        if (r.trading) console.log('the agents are trading: turn their trading off to change their memory');
        for (const a of r.agents) {
          console.log(`${a.agentId} — ${a.what}`);
          for (const c of a.checkpoints)
            console.log(`  checkpoint ${c.id}  ${date(c.savedAt)}  ${c.bytes} bytes  sha256 ${c.stateHash.slice(0, 12)}…`);
          if (!a.checkpoints.length) console.log('  no checkpoint yet');
        }
      }
    } else if (action === 'checkpoint') {
      const c = await api.checkpoint({ agentId: agentId! });
      console.log(`${agentId}: checkpoint ${c.id} saved (${c.bytes} bytes, sha256 ${c.stateHash.slice(0, 12)}…)`);
    } else if (action === 'restore') {
      if (values.checkpoint === undefined) throw new CliError(`restore needs --checkpoint ID (quorum agents list shows them)`);
      console.log(
        (await api.restore({ agentId: agentId!, checkpointId: intOption(values.checkpoint, 'checkpoint', 0, 1, 2 ** 31) })).message,
      );
    } else if (action === 'reset') console.log((await api.reset({ agentId: agentId! })).message);
    else throw new CliError(USAGE);
    return 0;
  } catch (err) {
    if (err instanceof MemoryRefused) throw new CliError(err.message, 1);
    throw err;
  } finally {
    store?.close();
  }
}
