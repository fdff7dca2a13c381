/**
 * Staff accounts (admins): create one (POST /staff: e-mail, password, roles); the list, with a change of
 * roles or a deactivation (GET /staff, PATCH /staff/{id}: the gateway refuses to take oneself out or to
 * leave no admin, and the refusal is shown in words). A gateway without the list (404/405) says
 * "the list comes soon" rather than failing the page.
 */
import { useCallback, useId, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { attempt, explain } from "../../api/problems";
import type { components } from "../../api/schema";
import { Card } from "../../components/Card";
import { Choices, ErrorSummary, Notice, SubmitButton, summaryItems, TextField, toggle } from "../../components/forms";
import { Icon } from "../../components/Icon";
import { PageHeading } from "../../components/PageHeading";
import { PasswordField } from "../../components/PasswordField";
import { useRefusal } from "../../components/refusal";
import { useT, type Translate } from "../../i18n/i18n";
import type { MessageKey } from "../../i18n/messages/en";
import { refusal, Shown, StaffSection, TableBox, useLoaded } from "../figures/kit";

type Role = components["schemas"]["CreateStaff"]["roles"][number];

export const ROLES: Record<Role, MessageKey> = {
  admin: "staffAccounts.role.admin",
  "coordinator:workshops": "staffAccounts.role.workshops",
  "coordinator:duos": "staffAccounts.role.duos",
  "coordinator:incubator": "staffAccounts.role.incubator",
};

type StaffAccount = components["schemas"]["StaffView"];

function roleWords(roles: readonly string[], t: Translate): string {
  return roles.map((role) => (role in ROLES ? t(ROLES[role as Role]) : role)).join(", ") || "—";
}

export default function Accounts() {
  const { t } = useT();
  const load = useCallback(() => attempt(api.GET("/staff")), []);
  const list = useLoaded(load);
  return (
    <>
      <PageHeading title={t("staffAccounts.title")} />
      <p className="lead">{t("staffAccounts.intro")}</p>
      <CreateAccount created={list.reload} />
      <StaffSection headingId="accounts-list" icon="users" title={t("staffAccounts.list")}>
        {list.loaded.state === "failed" && (list.loaded.status === 404 || list.loaded.status === 405) ? (
          <p>{t("staffAccounts.listSoon")}</p>
        ) : (
          <Shown loaded={list.loaded} retry={list.reload}>
            {({ staff }) =>
              staff.length === 0 ? (
                <p>{t("staffFigures.none")}</p>
              ) : (
                <TableBox label={t("staffAccounts.list")}>
                  <table className="data-table" aria-labelledby="accounts-list">
                    <thead>
                      <tr>
                        <th scope="col">{t("staffAccounts.email")}</th>
                        <th scope="col">{t("staffAccounts.roles")}</th>
                        <th scope="col">{t("staffAccounts.state")}</th>
                        <th scope="col">{t("staffAccounts.change")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {staff.map((account) => (
                        <AccountRow key={account.staff_id} account={account} changed={list.reload} />
                      ))}
                    </tbody>
                  </table>
                </TableBox>
              )
            }
          </Shown>
        )}
      </StaffSection>
    </>
  );
}

function AccountRow({ account, changed }: { account: StaffAccount; changed: () => Promise<void> }) {
  const { t } = useT();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [roles, setRoles] = useState<Role[]>((account.roles ?? []).filter((role): role is Role => role in ROLES));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const patch = async (body: components["schemas"]["StaffChange"]) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const outcome = await attempt(api.PATCH("/staff/{staff_id}", { params: { path: { staff_id: account.staff_id ?? "" } }, body }));
    setBusy(false);
    if (outcome.ok) {
      setEditing(false);
      await changed();
    } else {
      setError(refusal(outcome, t));
    }
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (roles.length === 0) return setError(t("staffAccounts.rolesNeeded"));
    void patch({ roles });
  };

  return (
    <tr>
      <th scope="row">
        <bdi>{account.email}</bdi>
      </th>
      <td>{roleWords(account.roles ?? [], t)}</td>
      <td>{account.active ? t("staffAccounts.active") : t("staffAccounts.inactive")}</td>
      <td>
        {error && <Notice tone="error">{error}</Notice>}
        <div className="staff-actions">
          <button type="button" className="button button--quiet" onClick={() => setEditing(!editing)} aria-expanded={editing}>
            <Icon name="pencil" />
            <span>
              {t("staffAccounts.changeRoles")}
              <span className="visually-hidden">: {account.email}</span>
            </span>
          </button>
          <button type="button" className="button button--quiet" onClick={() => void patch({ active: !account.active })} aria-disabled={busy || undefined}>
            <Icon name={account.active ? "close" : "check"} />
            <span>
              {account.active ? t("staffAccounts.deactivate") : t("staffAccounts.reactivate")}
              <span className="visually-hidden">: {account.email}</span>
            </span>
          </button>
        </div>
        {editing && (
          <form onSubmit={save} noValidate>
            <Choices
              id={`${id}-roles`}
              name={`${id}-roles`}
              legend={t("staffAccounts.rolesOf", { email: account.email ?? "" })}
              multiple
              choices={Object.entries(ROLES).map(([value, key]) => ({ value, label: t(key) }))}
              selected={roles}
              onChange={(value, checked) => setRoles(toggle(roles, value as Role, checked))}
            />
            <SubmitButton icon="check" label={t("staffAccounts.saveRoles")} busy={busy} />
          </form>
        )}
      </td>
    </tr>
  );
}

function CreateAccount({ created }: { created: () => Promise<void> }) {
  const { t } = useT();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [roles, setRoles] = useState<Role[]>([]);
  const { errors, message, summary, refuse, clear } = useRefusal<"email" | "password" | "roles">();
  const [done, setDone] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    setDone(null);
    const missing: typeof errors = {};
    if (!email.trim()) missing.email = t("error.required");
    if (password.length < 10) missing.password = t("error.passwordLength");
    if (roles.length === 0) missing.roles = t("staffAccounts.rolesNeeded");
    if (Object.keys(missing).length > 0) return refuse(missing, null);
    setSending(true);
    const outcome = await attempt(api.POST("/staff", { body: { email: email.trim(), password, roles } }));
    setSending(false);
    if (outcome.ok) {
      clear();
      setDone(t("staffAccounts.created", { email: outcome.data.email ?? email.trim() }));
      setEmail("");
      setPassword("");
      setRoles([]);
      await created();
      return;
    }
    if (outcome.status === 409) return refuse({ email: t("staffAccounts.taken") }, null);
    const explained = explain(outcome, t);
    const { email: e, password: p, roles: r, ...others } = explained.fields;
    refuse(
      { email: e, password: p, roles: r },
      explained.message ?? Object.values(others)[0] ?? (outcome.status === 403 ? refusal(outcome, t) : null),
    );
  };

  const items = summaryItems(errors, {
    email: ["staff-email", t("staffAccounts.email")],
    password: ["staff-password", t("staffAccounts.password")],
    roles: ["staff-roles", t("staffAccounts.roles")],
  });

  return (
    <Card headingId="accounts-create" icon="userPlus" title={t("staffAccounts.create")}>
      {done && <Notice>{done}</Notice>}
      <form onSubmit={submit} noValidate>
        <ErrorSummary ref={summary} message={message} items={items} />
        <TextField
          id="staff-email"
          label={t("staffAccounts.email")}
          error={errors.email}
          value={email}
          onValueChange={setEmail}
          type="email"
          autoComplete="off"
          dir="ltr"
          autoCapitalize="none"
          spellCheck={false}
        />
        <PasswordField
          id="staff-password"
          label={t("staffAccounts.password")}
          showLabel={t("login.showPassword")}
          hint={t("staffAccounts.passwordHint")}
          error={errors.password}
          value={password}
          onValueChange={setPassword}
          autoComplete="new-password"
        />
        <Choices
          id="staff-roles"
          name="staff-roles"
          legend={t("staffAccounts.roles")}
          hint={t("staffAccounts.rolesHint")}
          error={errors.roles}
          multiple
          choices={Object.entries(ROLES).map(([value, key]) => ({ value, label: t(key) }))}
          selected={roles}
          onChange={(value, checked) =>
            setRoles(checked ? [...roles, value as Role] : roles.filter((role) => role !== value))
          }
        />
        <SubmitButton
          icon="userPlus"
          label={t("staffAccounts.submit")}
          busyLabel={t("staffAccounts.creating")}
          busy={sending}
        />
      </form>
    </Card>
  );
}
