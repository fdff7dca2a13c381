import { useSession } from "../api/session";
import { ButtonLink } from "../components/ButtonLink";
import { PageHeading } from "../components/PageHeading";
import { useT } from "../i18n/i18n";

/** After the language: what Interra is, in two sentences, and the two ways in. */
export default function Welcome() {
  const { t } = useT();
  const session = useSession();
  return (
    <>
      <PageHeading title={t("welcome.title")} />
      <p className="lead">{t("welcome.intro")}</p>
      <p>{t("welcome.intro2")}</p>
      {session ? (
        <ButtonLink to="/me" icon="home" className="button button--primary">{t("welcome.toMe")}</ButtonLink>
      ) : (
        <div className="ways">
          <section className="card">
            <h2>{t("welcome.newHere")}</h2>
            <ButtonLink to="/register" icon="userPlus" className="button button--primary">
              {t("welcome.register")}
            </ButtonLink>
          </section>
          <section className="card">
            <h2>{t("welcome.member")}</h2>
            <ButtonLink to="/login" icon="login">{t("welcome.signIn")}</ButtonLink>
          </section>
        </div>
      )}
    </>
  );
}
