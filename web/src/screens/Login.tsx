/** Sign in with e-mail or phone and password; back to the page that asked for it, else to My Interra (staff: the console). */
import { useState, type FormEvent } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { api } from "../api/client";
import { attempt } from "../api/problems";
import { lastEnd, startSession } from "../api/session";
import { ButtonLink } from "../components/ButtonLink";
import { ErrorSummary, Notice, SubmitButton, summaryItems, TextField } from "../components/forms";
import { PageHeading } from "../components/PageHeading";
import { PasswordField } from "../components/PasswordField";
import { useRefusal } from "../components/refusal";
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
  const { errors, message, summary, refuse, refuseFailure } = useRefusal<Field>();
  const [sending, setSending] = useState(false);

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
    refuseFailure(outcome, t);
  };

  const items = summaryItems(errors, {
    username: ["login-username", t("login.username")],
    password: ["login-password", t("login.password")],
  });

  return (
    <>
      <PageHeading title={t("login.title")} />
      {lastEnd() === "expired" && !message && items.length === 0 && <Notice tone="error">{t("login.expired")}</Notice>}
      <form className="form" onSubmit={submit} noValidate>
        <ErrorSummary ref={summary} message={message} items={items} />
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
        <SubmitButton icon="login" label={t("login.submit")} busyLabel={t("login.sending")} busy={sending} />
      </form>
      <section className="aside">
        <h2>{t("login.noAccount")}</h2>
        <ButtonLink to={next ? withNext("/register", next) : "/register"} icon="userPlus">{t("login.register")}</ButtonLink>
      </section>
    </>
  );
}
