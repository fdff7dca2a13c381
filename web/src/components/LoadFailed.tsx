/**
 * A page or card that could not load: what went wrong in words, and a button to try again (a phone on a
 * bad connection often succeeds the second time; reloading the whole app would lose the page's state).
 */
import type { ReactNode } from "react";
import { useT } from "../i18n/i18n";
import { Notice } from "./forms";
import { Icon } from "./Icon";

export function TryAgain({ retry, className = "button" }: { retry: () => void; className?: string }) {
  const { t } = useT();
  return (
    <button type="button" className={className} onClick={retry}>
      <Icon name="retry" />
      <span>{t("common.tryAgain")}</span>
    </button>
  );
}

export function LoadFailed({ message, retry }: { message: ReactNode; retry: () => void }) {
  return (
    <>
      <Notice tone="error">{message}</Notice>
      <TryAgain retry={retry} />
    </>
  );
}
