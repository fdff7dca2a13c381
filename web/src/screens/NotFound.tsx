import { ButtonLink } from "../components/ButtonLink";
import { PageHeading } from "../components/PageHeading";
import { useT } from "../i18n/i18n";

export default function NotFound() {
  const { t } = useT();
  return (
    <>
      <PageHeading title={t("notFound.title")} />
      <ButtonLink to="/welcome" icon="home">{t("notFound.home")}</ButtonLink>
    </>
  );
}
