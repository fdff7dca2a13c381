/**
 * My preferences: what a member may change themselves (PATCH /members/{id}: the language of Interra's
 * messages, phone, region, French level, languages, interests, programmes), and the consents given at
 * registration, shown as they are: the API has no way to change them yet.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { api } from "../api/client";
import { attempt, explain } from "../api/problems";
import type { components } from "../api/schema";
import { useSession } from "../api/session";
import { BackToMe } from "../components/ButtonLink";
import { Card } from "../components/Card";
import { Choices, ErrorSummary, Notice, SubmitButton, TextField, toggle, type SummaryItem } from "../components/forms";
import { LoadFailed } from "../components/LoadFailed";
import { StillLoading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { FrenchLevelQuestion, InterestsQuestion, LanguagesQuestion, RegionQuestion } from "../components/profileFields";
import { useT } from "../i18n/i18n";
import { ENDONYM, LANGUAGES } from "../i18n/languages";
import type { MessageKey } from "../i18n/messages/en";
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
      {memberId && !answers && !failed && <StillLoading />}
      {failed && (
        <LoadFailed message={failed} retry={() => void load()} />
      )}
      {answers && member && (
        <>
          <form className="form" onSubmit={submit} noValidate>
            <ErrorSummary ref={summary} message={message} items={items} />
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
            <RegionQuestion
              id={id("region")}
              legend={t("account.field.region")}
              error={errors.region}
              value={answers.region}
              onChange={set("region")}
            />
            <FrenchLevelQuestion
              id={id("french_level")}
              legend={t("account.field.frenchLevel")}
              error={errors.french_level}
              value={answers.french_level}
              onChange={set("french_level")}
            />
            <LanguagesQuestion
              id={id("languages")}
              legend={t("account.field.languages")}
              error={errors.languages}
              value={answers.languages}
              onChange={set("languages")}
            />
            <InterestsQuestion
              id={id("interests")}
              legend={t("account.field.interests")}
              error={errors.interests}
              value={answers.interests}
              onChange={set("interests")}
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
            <SubmitButton icon="check" label={t("account.prefs.submit")} busyLabel={t("log.sending")} busy={sending} />
          </form>

          <Card headingId="prefs-consents-title" icon="shield" title={t("account.part.consents")}>
            <ConsentList consents={member.consents ?? []} lang={lang} t={t} />
            <p className="field__hint">{t("account.prefs.consentsReadOnly")}</p>
          </Card>
          <p className="field__hint">{t("account.prefs.notHere")}</p>
        </>
      )}
      <BackToMe label={t("log.back")} />
    </>
  );
}
