/**
 * A link that looks like a button (a big touch target), always an icon with words: some members read
 * little and go by the icon, screen readers go by the words.
 */
import type { ReactNode } from "react";
import { Link } from "react-router";
import { Icon, type IconName } from "./Icon";

interface ButtonLinkProps {
  to: string;
  icon: IconName;
  children: ReactNode;
  /** "button" with its variants: button--primary, button--quiet, an area's own. */
  className?: string;
}

export function ButtonLink({ to, icon, children, className = "button" }: ButtonLinkProps) {
  return (
    <Link to={to} className={className}>
      <Icon name={icon} />
      <span>{children}</span>
    </Link>
  );
}

/** The way back to My Interra at the foot of a page; quiet, so that the page's own action comes first. */
export function BackToMe({ label }: { label: string }) {
  return (
    <ButtonLink to="/me" icon="back" className="button button--quiet">
      {label}
    </ButtonLink>
  );
}
