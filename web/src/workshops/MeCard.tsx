/** The workshops card of My Interra. */
export function MeCard({ memberId }: { memberId: string }) {
  void memberId;
  return null;
}
