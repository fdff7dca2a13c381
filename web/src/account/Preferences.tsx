/**
 * My preferences: what a member may change themselves (PATCH /members/{id}: the language of Interra's
 * messages, phone, region, French level, languages, interests, programmes), and the consents given at
 * registration, shown as they are: the API has no way to change them yet.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { api } from "../api/client";
import { attempt, explain } from "../api/problems";
import type { components } from "../api/schema";
import { useSession } from "../api/session";
import { Choices, ErrorSummary, Notice, TextField, type SummaryItem } from "../components/forms";
import { Icon } from "../components/Icon";
import { PageHeading } from "../components/PageHeading";
import { useT } from "../i18n/i18n";
import { ENDONYM, LANGUAGES } from "../i18n/languages";
import type { MessageKey } from "../i18n/messages/en";
import { FRENCH_LEVELS, INTERESTS, REGIONS, SPOKEN_LANGUAGES, type FrenchLevel, type Region } from "../vocabulary";
import { ConsentList } from "./MyData";
import { changes, fromProfile, type Answers } from "./preferences";
import "./account.css";

type Member = components["schemas"]["MemberView"];
type ProfileUpdate = components["schemas"]["ProfileUpdate"];
type Programme = NonNullable<components["schemas"]["ProfileUpdate"]["programmes"]>[number];

const PROGRAMMES: Record<Programme, MessageKey> = {
  duos: "account.programme.duos",
  workshops: "account.programme.workshops",
  incubator: "account.programme.incubator",
};

/** The fields in the order of the page (the error summary follows it), with their question. */
const LABELS = {
  preferred_language: "account.field.messages",
  phone: "register.phone",
  region: "account.field.region",
  french_level: "account.field.frenchLevel",
  languages: "account.field.languages",
  interests: "account.field.interests",
  programmes: "account.field.programmes",
} as const satisfies Record<keyof Answers, MessageKey>;

const id = (field: keyof Answers) => `prefs-${field}`;

function toggle(list: readonly string[], value: string, on: boolean): string[] {
  return on ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value);
}

export default function Preferences() {
  const { t, lang } = useT();
  const session = useSession();
  const memberId = session?.memberId ?? null;
  const [member, setMember] = useState<Member | null>(null);
  const [answers, setAnswers] = useState<Answers | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const notice = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    if (!memberId) return;
    setFailed(null);
    const outcome = await attempt(api.GET("/members/{member_id}", { params: { path: { member_id: memberId } } }));
    if (outcome.ok) {
      setMember(outcome.data);
      setAnswers(fromProfile(outcome.data));
    } else {
      const explained = explain(outcome, t);
      setFailed(outcome.status === 404 ? t("account.notYours") : (explained.message ?? t("error.generic")));
    }
  }, [memberId, t]);

  useEffect(() => {
    void load();
  }, [load]);

  const set = <K extends keyof Answers>(field: K) => (value: Answers[K]) => {
    setSaved(null);
    setAnswers((current) => (current ? { ...current, [field]: value } : current));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending || !memberId || !member || !answers) return;
    const body = changes(fromProfile(member), answers);
    if (Object.keys(body).length === 0) {
      setErrors({});
      setMessage(null);
      setSaved(t("account.prefs.unchanged"));
      requestAnimationFrame(() => notice.current?.focus());
      return;
    }
    setSending(true);
    const outcome = await attempt(
      api.PATCH("/members/{member_id}", { params: { path: { member_id: memberId } }, body: body as ProfileUpdate }),
    );
    setSending(false);
    if (outcome.ok) {
      setMember(outcome.data);
      setAnswers(fromProfile(outcome.data));
      setErrors({});
      setMessage(null);
      setSaved(t("account.prefs.saved"));
      requestAnimationFrame(() => notice.current?.focus());
      return;
    }
    const explained = explain(outcome, t);
    setSaved(null);
    setErrors(explained.fields);
    setMessage(explained.message);
    requestAnimationFrame(() => summary.current?.focus());
  };

  const fields = Object.keys(LABELS) as (keyof Answers)[];
  const items: SummaryItem[] = [
    ...fields.filter((field) => errors[field]).map((field) => ({ target: id(field), label: t(LABELS[field]), text: errors[field] ?? "" })),
    ...Object.entries(errors)
      .filter(([field, text]) => !(field in LABELS) && text)
      .map(([, text]) => ({ target: null, text: text ?? "" })),
  ];
  const optional = t("common.optional");

  return (
    <>
      <PageHeading title={t("account.prefs.title")} />
      <p className="lead">{t("account.prefs.intro")}</p>
      {!memberId && <p>{t("me.staff")}</p>}
      {memberId && !answers && !failed && <p role="status">{t("common.loading")}</p>}
      {failed && (
        <>
          <Notice tone="error">{failed}</Notice>
          <button type="button" className="button" onClick={() => void load()}>
            <Icon name="retry" />
            <span>{t("common.tryAgain")}</span>
          </button>
        </>
      )}
      {answers && member && (
        <>
          <form className="form" onSubmit={submit} noValidate>
            <ErrorSummary ref={summary} title={t("error.summary")} message={message} items={items} />
            <Choices
              id={id("preferred_language")}
              name="preferred_language"
              legend={t("account.field.messages")}
              hint={t("account.prefs.messagesHint")}
              error={errors.preferred_language}
              choices={LANGUAGES.map((code) => ({ value: code, label: ENDONYM[code], lang: code }))}
              selected={[answers.preferred_language]}
              onChange={set("preferred_language")}
            />
            <TextField
              id={id("phone")}
              label={t("register.phone")}
              hint={t("register.phone.hint")}
              optional={optional}
              error={errors.phone}
              value={answers.phone}
              onValueChange={set("phone")}
              type="tel"
              autoComplete="tel"
              dir="ltr"
            />
            <Choices
              id={id("region")}
              name="region"
              legend={t("account.field.region")}
              error={errors.region}
              choices={(Object.entries(REGIONS) as [Region, MessageKey][]).map(([value, key]) => ({ value, label: t(key) }))}
              selected={[answers.region]}
              onChange={(value) => set("region")(value as Region)}
            />
            <Choices
              id={id("french_level")}
              name="french_level"
              legend={t("account.field.frenchLevel")}
              error={errors.french_level}
              choices={(Object.entries(FRENCH_LEVELS) as [FrenchLevel, MessageKey][]).map(([value, key]) => ({
                value,
                label: t(key),
                detail: value === "native" ? undefined : value,
              }))}
              selected={[answers.french_level]}
              onChange={(value) => set("french_level")(value as FrenchLevel)}
            />
            <Choices
              id={id("languages")}
              name="languages"
              legend={t("account.field.languages")}
              hint={t("register.languages.hint")}
              optional={optional}
              error={errors.languages}
              multiple
              columns
              choices={Object.entries(SPOKEN_LANGUAGES).map(([code, name]) => ({ value: code, label: name, lang: code }))}
              selected={answers.languages}
              onChange={(value, on) => set("languages")(toggle(answers.languages, value, on))}
            />
            <Choices
              id={id("interests")}
              name="interests"
              legend={t("account.field.interests")}
              hint={t("register.interests.hint")}
              optional={optional}
              error={errors.interests}
              multiple
              columns
              choices={Object.entries(INTERESTS).map(([value, { label, icon }]) => ({ value, label: t(label), icon }))}
              selected={answers.interests}
              onChange={(value, on) => set("interests")(toggle(answers.interests, value, on))}
            />
            <Choices
              id={id("programmes")}
              name="programmes"
              legend={t("account.field.programmes")}
              hint={t("account.prefs.programmesHint")}
              optional={optional}
              error={errors.programmes}
              multiple
              choices={(Object.entries(PROGRAMMES) as [Programme, MessageKey][]).map(([value, key]) => ({ value, label: t(key) }))}
              selected={answers.programmes}
              onChange={(value, on) => set("programmes")(toggle(answers.programmes, value, on) as Programme[])}
            />
            {saved && (
              <div ref={notice} tabIndex={-1}>
                <Notice>{saved}</Notice>
              </div>
            )}
            <button type="submit" className="button button--primary" aria-disabled={sending || undefined}>
              <Icon name="check" />
              <span>{sending ? t("log.sending") : t("account.prefs.submit")}</span>
            </button>
          </form>

          <section className="card" aria-labelledby="prefs-consents-title">
            <h2 id="prefs-consents-title" className="card__title">
              <Icon name="shield" />
              <span>{t("account.part.consents")}</span>
            </h2>
            <ConsentList consents={member.consents ?? []} lang={lang} t={t} />
            <p className="field__hint">{t("account.prefs.consentsReadOnly")}</p>
          </section>
          <p className="field__hint">{t("account.prefs.notHere")}</p>
        </>
      )}
      <Link to="/me" className="button button--quiet">
        <Icon name="back" />
        <span>{t("log.back")}</span>
      </Link>
    </>
  );
}
