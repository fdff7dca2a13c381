/** The preferences form's answers, from the profile, and what changed (PATCH sends only that). */
import type { components } from "../api/schema";
import type { FrenchLevel, Region } from "../vocabulary";

type Member = components["schemas"]["MemberView"];
type ProfileUpdate = components["schemas"]["ProfileUpdate"];
type Programme = NonNullable<ProfileUpdate["programmes"]>[number];

export interface Answers {
  preferred_language: string;
  phone: string;
  region: Region | "";
  french_level: FrenchLevel | "";
  languages: string[];
  interests: string[];
  programmes: Programme[];
}

const PROGRAMMES: readonly string[] = ["workshops", "duos", "incubator"];

export function fromProfile(member: Member): Answers {
  return {
    preferred_language: member.preferred_language ?? "fr",
    phone: member.phone ?? "",
    region: (member.region ?? "") as Region | "",
    french_level: (member.french_level ?? "") as FrenchLevel | "",
    languages: [...(member.languages ?? [])],
    interests: [...(member.interests ?? [])],
    programmes: (member.programmes ?? []).filter((p): p is Programme => PROGRAMMES.includes(p)),
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item) => b.includes(item));

/**
 * Only the fields that changed (an emptied phone is null); an empty object when nothing did. The API
 * takes any of them (a partial update); the generated type marks the defaulted ones required.
 */
export function changes(before: Answers, after: Answers): Partial<ProfileUpdate> {
  const body: Partial<ProfileUpdate> = {};
  if (after.preferred_language !== before.preferred_language) body.preferred_language = after.preferred_language;
  if (after.phone.trim() !== before.phone.trim()) body.phone = after.phone.trim() || null;
  if (after.region && after.region !== before.region) body.region = after.region;
  if (after.french_level && after.french_level !== before.french_level) body.french_level = after.french_level;
  if (!sameSet(after.languages, before.languages)) body.languages = after.languages;
  if (!sameSet(after.interests, before.interests)) body.interests = after.interests;
  if (!sameSet(after.programmes, before.programmes)) body.programmes = after.programmes;
  return body;
}
