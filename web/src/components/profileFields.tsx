/**
 * The questions about oneself that registering asks and My preferences asks again (region, French level,
 * languages, interests): one place, so that both pages offer the same answers in the same order and
 * words. Each page gives its own question (legend), hint and error; the answers' names are the API's.
 */
import { useT } from "../i18n/i18n";
import { FRENCH_LEVELS, INTERESTS, REGIONS, SPOKEN_LANGUAGES, type FrenchLevel, type Region } from "../vocabulary";
import { Choices, toggle, type Choice } from "./forms";

interface QuestionProps<Value> {
  id: string;
  legend: string;
  error?: string | undefined;
  value: Value;
  onChange: (value: Value) => void;
}

export function RegionQuestion({ id, legend, error, value, onChange }: QuestionProps<Region | "">) {
  const { t } = useT();
  return (
    <Choices
      id={id}
      name="region"
      legend={legend}
      error={error}
      choices={(Object.entries(REGIONS) as [Region, (typeof REGIONS)[Region]][]).map(([region, key]) => ({ value: region, label: t(key) }))}
      selected={[value]}
      onChange={(region) => onChange(region as Region)}
    />
  );
}

/** The CEFR code stands beside the word (A2...), as teachers and tests name levels; "native" has none. */
export function FrenchLevelQuestion({ id, legend, error, value, onChange }: QuestionProps<FrenchLevel | "">) {
  const { t } = useT();
  return (
    <Choices
      id={id}
      name="french_level"
      legend={legend}
      error={error}
      choices={(Object.entries(FRENCH_LEVELS) as [FrenchLevel, (typeof FRENCH_LEVELS)[FrenchLevel]][]).map(([level, key]) => ({
        value: level,
        label: t(key),
        detail: level === "native" ? undefined : level,
      }))}
      selected={[value]}
      onChange={(level) => onChange(level as FrenchLevel)}
    />
  );
}

/** Each language named in itself (lang=), so that a reader finds their own. */
export function LanguagesQuestion(question: QuestionProps<string[]>) {
  const { t } = useT();
  const choices = Object.entries(SPOKEN_LANGUAGES).map(([code, name]) => ({ value: code, label: name, lang: code }));
  return <SeveralOf name="languages" hint={t("register.languages.hint")} choices={choices} {...question} />;
}

export function InterestsQuestion(question: QuestionProps<string[]>) {
  const { t } = useT();
  const choices = Object.entries(INTERESTS).map(([interest, { label, icon }]) => ({ value: interest, label: t(label), icon }));
  return <SeveralOf name="interests" hint={t("register.interests.hint")} choices={choices} {...question} />;
}

/** Boxes to tick, in columns, none required: a member may leave them all empty. */
function SeveralOf({ id, name, legend, hint, error, choices, value, onChange }: QuestionProps<string[]> & { name: string; hint: string; choices: Choice[] }) {
  const { t } = useT();
  return (
    <Choices
      id={id}
      name={name}
      legend={legend}
      hint={hint}
      optional={t("common.optional")}
      error={error}
      multiple
      columns
      choices={choices}
      selected={value}
      onChange={(choice, on) => onChange(toggle(value, choice, on))}
    />
  );
}
