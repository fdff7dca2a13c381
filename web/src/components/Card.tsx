/**
 * A card: a titled part of a page (styles.css .card). Its heading, an icon with words, names the
 * section for screen readers (aria-labelledby), so that a landmark list reads "My workshops", not "region".
 */
import type { ReactNode } from "react";
import { Icon, type IconName } from "./Icon";

interface CardProps {
  /** The heading's id, unique on the page. */
  headingId: string;
  icon: IconName;
  title: ReactNode;
  /** More classes after "card" (card--danger, an area's own). */
  className?: string;
  /** The section's own id, when a link or the error summary leads to it. */
  id?: string;
  children: ReactNode;
}

export function Card({ headingId, icon, title, className, id, children }: CardProps) {
  return (
    <section id={id} className={className ? `card ${className}` : "card"} aria-labelledby={headingId}>
      <h2 id={headingId} className="card__title">
        <Icon name={icon} />
        <span>{title}</span>
      </h2>
      {children}
    </section>
  );
}
