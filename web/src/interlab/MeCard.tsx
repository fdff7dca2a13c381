/** The interlab card of My Interra. */
export function MeCard({ memberId }: { memberId: string }) {
  void memberId;
  return null;
}
