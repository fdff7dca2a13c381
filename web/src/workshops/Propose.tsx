/**
 * Propose a workshop (POST /workshops): a name, what we do together, the kind, the languages, where, and
 * how one heard of Interra; each question with a hint, each refusal next to its question; then "thank
 * you, a coordinator will call you".
 */
import { useState, type FormEvent } from "react";
import { api } from "../api/client";
import { attempt, explain } from "../api/problems";
import type { components } from "../api/schema";
import { useSession } from "../api/session";
import {
  Choices,
  ErrorSummary,
  SubmitButton,
  TextArea,
  TextField,
  toggle,
  type SummaryItem,
} from "../components/forms";
import { ButtonLink } from "../components/ButtonLink";
import { Icon } from "../components/Icon";
import { PageHeading } from "../components/PageHeading";
import { useRefusal } from "../components/refusal";
import { useT, type Translate } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages/en";
import { SPOKEN_LANGUAGES } from "../vocabulary";
import { sayRefusal } from "./data";
import "./workshops.css";

type Proposal = components["schemas"]["ProposeWorkshop"];
type Category = Proposal["category"];
type Format = Proposal["format"];
type HeardFrom = NonNullable<Proposal["heard_from"]>;

const CATEGORIES: Record<Category, { label: MessageKey; icon: string }> = {
  cooking: { label: "workshops.category.cooking", icon: "🍲" },
  crafts: { label: "workshops.category.crafts", icon: "✂️" },
  music: { label: "workshops.category.music", icon: "🎵" },
  sport: { label: "workshops.category.sport", icon: "⚽" },
  language: { label: "workshops.category.language", icon: "💬" },
  culture: { label: "workshops.category.culture", icon: "🎭" },
  digital: { label: "workshops.category.digital", icon: "💻" },
  trade: { label: "workshops.category.trade", icon: "🔧" },
  other: { label: "workshops.category.other", icon: "✨" },
};

const FORMATS: Record<Format, MessageKey> = {
  in_person: "workshops.propose.format.in_person",
  online: "workshops.propose.format.online",
};

const HEARD_FROM: Record<HeardFrom, MessageKey> = {
  reception_centre: "workshops.heard.reception_centre",
  fle_school: "workshops.heard.fle_school",
  citizenship_school: "workshops.heard.citizenship_school",
  cpas: "workshops.heard.cpas",
  commune: "workshops.heard.commune",
  youth_centre: "workshops.heard.youth_centre",
  social_media: "workshops.heard.social_media",
  word_of_mouth: "workshops.heard.word_of_mouth",
  other: "workshops.heard.other",
};

/** French first (the workshops are a place to speak it), then the languages members often speak. */
const LANGUAGES: Readonly<Record<string, string>> = { fr: "Français", ...SPOKEN_LANGUAGES };

const ORDER = ["title", "description", "category", "languages", "format", "heard_from"] as const;
type Field = (typeof ORDER)[number];
const LABELS: Record<Field, MessageKey> = {
  title: "workshops.propose.name",
  description: "workshops.propose.description",
  category: "workshops.propose.category",
  languages: "workshops.propose.languages",
  format: "workshops.propose.format",
  heard_from: "workshops.propose.heardFrom",
};
const id = (field: Field) => `propose-${field}`;

interface Answers {
  title: string;
  description: string;
  category: Category | "";
  languages: string[];
  format: Format | "";
  heard_from: HeardFrom | "";
}

type Errors = Partial<Record<Field, string>>;

/** The contract's rules (contracts/interra_contracts/api/workshops.py ProposeWorkshop), checked first. */
function check(answers: Answers, t: Translate): Errors {
  const errors: Errors = {};
  const title = answers.title.trim().length;
  if (title < 3 || answers.title.length > 120) errors.title = t("workshops.error.titleLength");
  const description = answers.description.trim().length;
  if (description < 10 || answers.description.length > 4000) errors.description = t("workshops.error.descriptionLength");
  if (!answers.category) errors.category = t("error.choose");
  if (answers.languages.length === 0) errors.languages = t("workshops.error.languages");
  if (!answers.format) errors.format = t("error.choose");
  return errors;
}

/** The API's word on a field, said like the checks above when it is about a length. */
function sayField(field: string, message: string, t: Translate): string {
  if (/^Length must be|^Shorter than|^Longer than/.test(message)) {
    if (field === "title") return t("workshops.error.titleLength");
    if (field === "description") return t("workshops.error.descriptionLength");
  }
  if (field === "languages" && /languages|ISO 639/.test(message)) return t("workshops.error.languages");
  return message;
}

export default function Propose() {
  const { t } = useT();
  const session = useSession();
  const [answers, setAnswers] = useState<Answers>({
    title: "",
    description: "",
    category: "",
    languages: [],
    format: "",
    heard_from: "",
  });
  const { errors, message, summary, refuse } = useRefusal<Field>();
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState<string | null>(null);

  const set =
    <K extends keyof Answers>(field: K) =>
    (value: Answers[K]) =>
      setAnswers((previous) => ({ ...previous, [field]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending || !session?.memberId) return;
    const found = check(answers, t);
    if (Object.keys(found).length > 0) return refuse(found, null);
    if (!answers.category || !answers.format) return;
    setSending(true);
    const outcome = await attempt(
      api.POST("/workshops", {
        body: {
          proposer_id: session.memberId,
          title: answers.title.trim(),
          description: answers.description.trim(),
          category: answers.category,
          languages: answers.languages,
          format: answers.format,
          heard_from: answers.heard_from || null,
        },
      }),
    );
    setSending(false);
    if (outcome.ok) {
      setSent(outcome.data.title ?? answers.title);
      return;
    }
    const explained = explain(outcome, t);
    const fields: Errors = {};
    const others: string[] = [];
    for (const [field, text] of Object.entries(explained.fields)) {
      if ((ORDER as readonly string[]).includes(field)) fields[field as Field] = sayField(field, text, t);
      else others.push(text);
    }
    const general = Object.keys(fields).length > 0 && others.length === 0 ? explained.message : sayRefusal(outcome, t);
    refuse(fields, general);
  };

  if (sent !== null) {
    return (
      <>
        <PageHeading title={t("workshops.propose.thanks")} />
        <div className="alert alert--row alert--success thanks">
          <Icon name="heart" />
          <div>
            <p>{t("workshops.propose.thanks.text", { title: sent })}</p>
            <p>{t("workshops.propose.thanks.next")}</p>
          </div>
        </div>
        <ButtonLink to="/me" icon="home" className="button button--primary">{t("workshops.propose.toMe")}</ButtonLink>
      </>
    );
  }

  const items: SummaryItem[] = ORDER.flatMap((field) => {
    const text = errors[field];
    return text ? [{ target: id(field), label: t(LABELS[field]), text }] : [];
  });
  const optional = t("common.optional");

  return (
    <>
      <PageHeading title={t("workshops.propose.title")} />
      <p className="lead">{t("workshops.propose.intro")}</p>
      <form className="form" onSubmit={submit} noValidate>
        <ErrorSummary ref={summary} message={message} items={items} />
        <TextField
          id={id("title")}
          label={t("workshops.propose.name")}
          hint={t("workshops.propose.name.hint")}
          error={errors.title}
          value={answers.title}
          onValueChange={set("title")}
          maxLength={120}
          dir="auto"
        />
        <TextArea
          id={id("description")}
          label={t("workshops.propose.description")}
          hint={t("workshops.propose.description.hint")}
          error={errors.description}
          value={answers.description}
          onValueChange={set("description")}
          rows={5}
          maxLength={4000}
          dir="auto"
        />
        <Choices
          id={id("category")}
          name="category"
          legend={t("workshops.propose.category")}
          error={errors.category}
          choices={(Object.entries(CATEGORIES) as [Category, (typeof CATEGORIES)[Category]][]).map(
            ([value, { label, icon }]) => ({ value, label: t(label), icon }),
          )}
          selected={[answers.category]}
          onChange={(value) => set("category")(value as Category)}
        />
        <Choices
          id={id("languages")}
          name="languages"
          legend={t("workshops.propose.languages")}
          hint={t("workshops.propose.languages.hint")}
          error={errors.languages}
          multiple
          columns
          choices={Object.entries(LANGUAGES).map(([code, name]) => ({ value: code, label: name, lang: code }))}
          selected={answers.languages}
          onChange={(value, on) => set("languages")(toggle(answers.languages, value, on))}
        />
        <Choices
          id={id("format")}
          name="format"
          legend={t("workshops.propose.format")}
          error={errors.format}
          choices={(Object.entries(FORMATS) as [Format, MessageKey][]).map(([value, key]) => ({ value, label: t(key) }))}
          selected={[answers.format]}
          onChange={(value) => set("format")(value as Format)}
        />
        <Choices
          id={id("heard_from")}
          name="heard_from"
          legend={t("workshops.propose.heardFrom")}
          optional={optional}
          error={errors.heard_from}
          choices={(Object.entries(HEARD_FROM) as [HeardFrom, MessageKey][]).map(([value, key]) => ({ value, label: t(key) }))}
          selected={[answers.heard_from]}
          onChange={(value) => set("heard_from")(value as HeardFrom)}
        />
        <SubmitButton
          icon="lightbulb"
          label={t("workshops.propose.submit")}
          busyLabel={t("workshops.propose.sending")}
          busy={sending}
        />
      </form>
    </>
  );
}
