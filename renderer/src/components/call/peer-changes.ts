/** Who joined and who left between two versions of the store's people (by id, named as they were). */
export interface PeerChange {
  kind: 'joined' | 'left';
  id: string;
  name: string;
}

type People = Readonly<Record<string, { name: string }>>;

export function peerChanges(before: People, after: People): PeerChange[] {
  const joined = Object.entries(after)
    .filter(([id]) => !(id in before))
    .map(([id, p]): PeerChange => ({ kind: 'joined', id, name: p.name }));
  const left = Object.entries(before)
    .filter(([id]) => !(id in after))
    .map(([id, p]): PeerChange => ({ kind: 'left', id, name: p.name }));
  return [...left, ...joined];
}

export function changeWords(change: PeerChange): string {
  return change.kind === 'joined' ? `${change.name} joined` : `${change.name} left`;
}
