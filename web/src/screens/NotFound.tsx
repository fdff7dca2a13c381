import { Link } from "react-router";
import { Icon } from "../components/Icon";
import { PageHeading } from "../components/PageHeading";
import { useT } from "../i18n/i18n";

export default function NotFound() {
  const { t } = useT();
  return (
    <>
      <PageHeading title={t("notFound.title")} />
      <Link to="/welcome" className="button">
        <Icon name="home" />
        <span>{t("notFound.home")}</span>
      </Link>
    </>
  );
}
