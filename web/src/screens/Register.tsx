/**
 * Registration (POST /members), then signing in at once (POST /auth/browser/token) and on to My Interra.
 * One question per field, in the member's language, grouped in short sections; consents explained in one
 * sentence each. The API's refusals come back next to their field (api/problems.ts).
 */
import { useState, type FormEvent } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { api } from "../api/client";
import { attempt } from "../api/problems";
import { startSession } from "../api/session";
import { ButtonLink } from "../components/ButtonLink";
import { Choices, DayField, ErrorSummary, SubmitButton, TextField, type SummaryItem } from "../components/forms";
import { Icon } from "../components/Icon";
import { PageHeading } from "../components/PageHeading";
import { PasswordField } from "../components/PasswordField";
import { FrenchLevelQuestion, InterestsQuestion, LanguagesQuestion, RegionQuestion } from "../components/profileFields";
import { useRefusal } from "../components/refusal";
import { useT, type Translate } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages/en";
import { safeNext, withNext } from "../paths";
import {
  CONSENTS,
  GENDERS,
  REQUIRED_CONSENT,
  type ConsentPurpose,
  type FrenchLevel,
  type Gender,
  type Region,
} from "../vocabulary";

interface Answers {
  first_name: string;
  last_name: string;
  birth_year: string;
  gender: Gender | "none" | "";
  email: string;
  phone: string;
  password: string;
  region: Region | "";
  arrival: "recent" | "longer" | "";
  arrived_on: string;
  french_level: FrenchLevel | "";
  languages: string[];
  interests: string[];
  consents: Record<ConsentPurpose, boolean>;
}

const EMPTY: Answers = {
  first_name: "",
  last_name: "",
  birth_year: "",
  gender: "",
  email: "",
  phone: "",
  password: "",
  region: "",
  arrival: "",
  arrived_on: "",
  french_level: "",
  languages: [],
  interests: [],
  consents: { data_processing: false, programme_contact: false, partner_statistics: false },
};

/** The fields in the order of the page (the error summary follows it); the API's names, plus "arrival". */
const ORDER = [
  "first_name",
  "last_name",
  "birth_year",
  "gender",
  "interests",
  "email",
  "phone",
  "password",
  "region",
  "arrival",
  "arrived_on",
  "french_level",
  "languages",
  "consents",
] as const;
type Field = (typeof ORDER)[number];

/** Each field's question, to name it in the error summary. */
const LABELS: Record<Field, MessageKey> = {
  first_name: "register.firstName",
  last_name: "register.lastName",
  birth_year: "register.birthYear",
  gender: "register.gender",
  interests: "register.interests",
  email: "register.email",
  phone: "register.phone",
  password: "register.password",
  region: "register.region",
  arrival: "register.arrival",
  arrived_on: "register.arrivedOn",
  french_level: "register.frenchLevel",
  languages: "register.languages",
  consents: "register.section.consents",
};
type Errors = Partial<Record<string, string>>;

const id = (field: Field) => `register-${field}`;

/** What can be told before asking the API: empty required answers, a short password, a missing date. */
function check(answers: Answers, t: Translate): Errors {
  const errors: Errors = {};
  for (const field of ["first_name", "last_name", "email"] as const) {
    if (!answers[field].trim()) errors[field] = t("error.required");
  }
  if (!/^\d{4}$/.test(answers.birth_year.trim())) errors.birth_year = t("error.year");
  if (answers.password.length < 10) errors.password = t("error.passwordLength");
  if (!answers.region) errors.region = t("error.choose");
  if (!answers.arrival) errors.arrival = t("error.choose");
  if (answers.arrival === "recent" && !answers.arrived_on) errors.arrived_on = t("error.required");
  if (!answers.french_level) errors.french_level = t("error.choose");
  if (!answers.consents[REQUIRED_CONSENT]) errors.consents = t("error.consentRequired");
  return errors;
}


export default function Register() {
  const { t, lang } = useT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const [answers, setAnswers] = useState<Answers>(EMPTY);
  const { errors, message, summary, refuse, refuseFailure } = useRefusal();
  const [sending, setSending] = useState(false);

  const set = <K extends keyof Answers>(field: K) => (value: Answers[K]) =>
    setAnswers((current) => ({ ...current, [field]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    const found = check(answers, t);
    if (Object.keys(found).length > 0) return refuse(found, null);
    setSending(true);
    const email = answers.email.trim();
    const registered = await attempt(
      api.POST("/members", {
        body: {
          first_name: answers.first_name.trim(),
          last_name: answers.last_name.trim(),
          email,
          phone: answers.phone.trim() || null,
          password: answers.password,
          birth_year: Number(answers.birth_year.trim()),
          gender: answers.gender === "" || answers.gender === "none" ? null : answers.gender,
          region: answers.region as Region,
          arrived_on: answers.arrival === "recent" ? answers.arrived_on : null,
          french_level: answers.french_level as FrenchLevel,
          languages: answers.languages,
          interests: answers.interests,
          // The language the member read the consents in: the API keeps it with them as proof.
          preferred_language: lang,
          consents: (Object.keys(CONSENTS) as ConsentPurpose[]).map((purpose) => ({
            purpose,
            granted: answers.consents[purpose],
          })),
        },
      }),
    );
    if (!registered.ok) {
      setSending(false);
      return refuseFailure(registered, t);
    }
    const signedIn = await attempt(api.POST("/auth/browser/token", { body: { username: email, password: answers.password } }));
    setSending(false);
    if (signedIn.ok) {
      startSession(signedIn.data);
      navigate(next ?? "/me", { replace: true });
    } else {
      navigate(withNext("/login", next ?? "/me"), { replace: true });
    }
  };

  const fieldIds = new Set<string>(ORDER);
  const items: SummaryItem[] = [
    ...ORDER.filter((field) => errors[field]).map((field) => ({
      target: id(field),
      label: t(LABELS[field]),
      text: errors[field] ?? "",
    })),
    ...Object.entries(errors)
      .filter(([field, text]) => !fieldIds.has(field) && text)
      .map(([, text]) => ({ target: null, text: text ?? "" })),
  ];
  const optional = t("common.optional");

  return (
    <>
      <PageHeading title={t("register.title")} />
      <p className="lead">{t("register.intro")}</p>
      <form className="form" onSubmit={submit} noValidate>
        <ErrorSummary ref={summary} message={message} items={items} />

        <section className="form__section">
          <h2>{t("register.section.you")}</h2>
          <TextField
            id={id("first_name")}
            label={t("register.firstName")}
            error={errors.first_name}
            value={answers.first_name}
            onValueChange={set("first_name")}
            autoComplete="given-name"
            dir="auto"
          />
          <TextField
            id={id("last_name")}
            label={t("register.lastName")}
            error={errors.last_name}
            value={answers.last_name}
            onValueChange={set("last_name")}
            autoComplete="family-name"
            dir="auto"
          />
          <TextField
            id={id("birth_year")}
            label={t("register.birthYear")}
            hint={t("register.birthYear.hint")}
            error={errors.birth_year}
            value={answers.birth_year}
            onValueChange={set("birth_year")}
            autoComplete="bday-year"
            inputMode="numeric"
            maxLength={4}
            dir="ltr"
            className="field__input field__input--short"
          />
          <Choices
            id={id("gender")}
            name="gender"
            legend={t("register.gender")}
            optional={optional}
            error={errors.gender}
            choices={[
              ...(Object.entries(GENDERS) as [Gender, (typeof GENDERS)[Gender]][]).map(([value, key]) => ({
                value,
                label: t(key),
              })),
              { value: "none", label: t("register.gender.none") },
            ]}
            selected={[answers.gender]}
            onChange={(value) => set("gender")(value as Answers["gender"])}
          />
          <InterestsQuestion
            id={id("interests")}
            legend={t("register.interests")}
            error={errors.interests}
            value={answers.interests}
            onChange={set("interests")}
          />
        </section>

        <section className="form__section">
          <h2>{t("register.section.contact")}</h2>
          <TextField
            id={id("email")}
            label={t("register.email")}
            error={errors.email}
            value={answers.email}
            onValueChange={set("email")}
            type="email"
            autoComplete="email"
            autoCapitalize="none"
            spellCheck={false}
            dir="ltr"
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
        </section>

        <section className="form__section">
          <h2>{t("register.section.password")}</h2>
          <PasswordField
            id={id("password")}
            label={t("register.password")}
            showLabel={t("login.showPassword")}
            hint={t("register.password.hint")}
            error={errors.password}
            value={answers.password}
            onValueChange={set("password")}
            autoComplete="new-password"
          />
        </section>

        <section className="form__section">
          <h2>{t("register.section.life")}</h2>
          <RegionQuestion
            id={id("region")}
            legend={t("register.region")}
            error={errors.region}
            value={answers.region}
            onChange={set("region")}
          />
          <Choices
            id={id("arrival")}
            name="arrival"
            legend={t("register.arrival")}
            error={errors.arrival}
            choices={[
              { value: "recent", label: t("register.arrival.recent") },
              { value: "longer", label: t("register.arrival.longer") },
            ]}
            selected={[answers.arrival]}
            onChange={(value) => set("arrival")(value as Answers["arrival"])}
          />
          {answers.arrival === "recent" && (
            <DayField
              when="past"
              id={id("arrived_on")}
              label={t("register.arrivedOn")}
              hint={t("register.arrivedOn.hint")}
              error={errors.arrived_on}
              value={answers.arrived_on}
              onValueChange={set("arrived_on")}
            />
          )}
        </section>

        <section className="form__section">
          <h2>{t("register.section.languages")}</h2>
          <FrenchLevelQuestion
            id={id("french_level")}
            legend={t("register.frenchLevel")}
            error={errors.french_level}
            value={answers.french_level}
            onChange={set("french_level")}
          />
          <LanguagesQuestion
            id={id("languages")}
            legend={t("register.languages")}
            error={errors.languages}
            value={answers.languages}
            onChange={set("languages")}
          />
        </section>

        <section className="form__section">
          <h2>{t("register.section.consents")}</h2>
          <fieldset
            className={errors.consents ? "field field--invalid" : "field"}
            aria-describedby={errors.consents ? "register-consents-error" : undefined}
          >
            <legend className="field__label">{t("register.consents.intro")}</legend>
            {errors.consents && (
              <p id="register-consents-error" className="field__error">
                <Icon name="alert" />
                <span>{errors.consents}</span>
              </p>
            )}
            {(Object.entries(CONSENTS) as [ConsentPurpose, (typeof CONSENTS)[ConsentPurpose]][]).map(
              ([purpose, words], index) => (
                <label key={purpose} className="choice choice--consent">
                  <input
                    id={index === 0 ? id("consents") : undefined}
                    type="checkbox"
                    name="consents"
                    value={purpose}
                    checked={answers.consents[purpose]}
                    onChange={(event) =>
                      set("consents")({ ...answers.consents, [purpose]: event.target.checked })
                    }
                    aria-describedby={`register-consent-${purpose}`}
                    aria-invalid={purpose === REQUIRED_CONSENT && errors.consents ? true : undefined}
                  />
                  <span className="choice__text">
                    <strong>{t(words.label)}</strong>
                    <span id={`register-consent-${purpose}`} className="choice__detail">
                      {t(words.explain)}
                    </span>
                  </span>
                </label>
              ),
            )}
          </fieldset>
        </section>

        <SubmitButton icon="userPlus" label={t("register.submit")} busyLabel={t("register.sending")} busy={sending} />
      </form>
      <section className="aside">
        <h2>{t("register.haveAccount")}</h2>
        <ButtonLink to={next ? withNext("/login", next) : "/login"} icon="login">{t("register.signIn")}</ButtonLink>
      </section>
    </>
  );
}
