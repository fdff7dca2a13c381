import { Link } from "react-router";
import { useSession } from "../api/session";
import { Icon } from "../components/Icon";
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
        <Link to="/me" className="button button--primary">
          <Icon name="home" />
          <span>{t("welcome.toMe")}</span>
        </Link>
      ) : (
        <div className="ways">
          <section className="card">
            <h2>{t("welcome.newHere")}</h2>
            <Link to="/register" className="button button--primary">
              <Icon name="userPlus" />
              <span>{t("welcome.register")}</span>
            </Link>
          </section>
          <section className="card">
            <h2>{t("welcome.member")}</h2>
            <Link to="/login" className="button">
              <Icon name="login" />
              <span>{t("welcome.signIn")}</span>
            </Link>
          </section>
        </div>
      )}
    </>
  );
}
