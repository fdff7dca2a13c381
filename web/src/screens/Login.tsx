/** Sign in with e-mail or phone and password; back to the page that asked for it, else to My Interra (staff: the console). */
import { useRef, useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api } from "../api/client";
import { attempt, explain } from "../api/problems";
import { lastEnd, startSession } from "../api/session";
import { ErrorSummary, Notice, TextField, type SummaryItem } from "../components/forms";
import { Icon } from "../components/Icon";
import { PageHeading } from "../components/PageHeading";
import { PasswordField } from "../components/PasswordField";
import { useT } from "../i18n/i18n";
import { safeNext, withNext } from "../paths";
import { isStaff } from "../staff/roles";

type Field = "username" | "password";

export default function Login() {
  const { t } = useT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const summary = useRef<HTMLDivElement>(null);

  const refuse = (fields: Partial<Record<Field, string>>, text: string | null) => {
    setErrors(fields);
    setMessage(text);
    requestAnimationFrame(() => summary.current?.focus());
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    const missing: Partial<Record<Field, string>> = {};
    if (username.trim().length < 3) missing.username = t("error.required");
    if (!password) missing.password = t("error.required");
    if (Object.keys(missing).length > 0) return refuse(missing, null);
    setSending(true);
    const outcome = await attempt(api.POST("/auth/browser/token", { body: { username: username.trim(), password } }));
    setSending(false);
    if (outcome.ok) {
      const session = startSession(outcome.data);
      navigate(next ?? (isStaff(session) ? "/staff" : "/me"), { replace: true });
      return;
    }
    if (outcome.status === 401) return refuse({}, t("login.wrong"));
    const explained = explain(outcome, t);
    refuse(explained.fields, explained.message);
  };

  const items: SummaryItem[] = (["username", "password"] as const)
    .filter((field) => errors[field])
    .map((field) => ({ target: `login-${field}`, label: t(`login.${field}`), text: errors[field] ?? "" }));

  return (
    <>
      <PageHeading title={t("login.title")} />
      {lastEnd() === "expired" && !message && items.length === 0 && <Notice tone="error">{t("login.expired")}</Notice>}
      <form className="form" onSubmit={submit} noValidate>
        <ErrorSummary ref={summary} title={t("error.summary")} message={message} items={items} />
        <TextField
          id="login-username"
          label={t("login.username")}
          error={errors.username}
          value={username}
          onValueChange={setUsername}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          dir="ltr"
          inputMode="email"
        />
        <PasswordField
          id="login-password"
          label={t("login.password")}
          showLabel={t("login.showPassword")}
          error={errors.password}
          value={password}
          onValueChange={setPassword}
          autoComplete="current-password"
        />
        <button type="submit" className="button button--primary" aria-disabled={sending || undefined}>
          <Icon name="login" />
          <span>{sending ? t("login.sending") : t("login.submit")}</span>
        </button>
      </form>
      <section className="aside">
        <h2>{t("login.noAccount")}</h2>
        <Link to={next ? withNext("/register", next) : "/register"} className="button">
          <Icon name="userPlus" />
          <span>{t("login.register")}</span>
        </Link>
      </section>
    </>
  );
}
