/**
 * The first screen: choose a language. It is in the entry chunk with React and the router, and nothing
 * else: no dictionary (each language is named in itself) and no API client.
 */
import { useNavigate, useSearchParams } from "react-router";
import { Icon, Logo } from "../components/Icon";
import { PageHeading } from "../components/PageHeading";
import { useLanguage } from "../i18n/i18n";
import { DIRECTION, ENDONYM, LANGUAGES, type Lang } from "../i18n/languages";
import { safeNext } from "../paths";

/** A big letter for each language, for those who recognise a script before a word. */
const BADGE: Record<Lang, string> = { fr: "Fr", en: "En", ar: "ع" };

export function LanguageScreen() {
  const { lang, choose } = useLanguage();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next")) ?? "/welcome";
  return (
    <>
      <header className="top">
        <div className="top__inner">
          <span className="brand">
            <Logo />
            <span>Interra</span>
          </span>
        </div>
      </header>
      <main id="main" className="page page--first">
        <PageHeading title="Interra">
          <span className="stack" lang="fr" dir="ltr">
            Choisissez votre langue
          </span>
          <span className="stack" lang="en" dir="ltr">
            Choose your language
          </span>
          <span className="stack" lang="ar" dir="rtl">
            اختر لغتك
          </span>
        </PageHeading>
        <ul className="languages">
          {LANGUAGES.map((option) => (
            <li key={option}>
              <button
                type="button"
                className="button button--language"
                lang={option}
                dir={DIRECTION[option]}
                aria-current={option === lang ? "true" : undefined}
                onClick={() => {
                  choose(option);
                  navigate(next);
                }}
              >
                <span className="badge" aria-hidden="true">
                  {BADGE[option]}
                </span>
                <span className="button__text">{ENDONYM[option]}</span>
                {option === lang && <Icon name="check" />}
              </button>
            </li>
          ))}
        </ul>
      </main>
    </>
  );
}
