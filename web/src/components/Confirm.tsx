/**
 * "Are you sure?" before something that cannot be undone (ending a duo, erasing one's data, withdrawing).
 * It takes the focus when it appears, so that a screen reader reads the question at once, and it offers
 * two plain buttons, yes and no, never a yes alone.
 */
import { useEffect, useRef, type ReactNode } from "react";
import { Icon, type IconName } from "./Icon";

interface ConfirmProps {
  /** The question's id, which names the group for screen readers. */
  id: string;
  question: string;
  yes: string;
  yesIcon: IconName;
  /** Words on the yes button while the action runs; without them, the yes words stay. */
  busyLabel?: string;
  busy: boolean;
  onYes: () => void;
  no: string;
  onNo: () => void;
  /** What saying yes means, between the question and the buttons. */
  children?: ReactNode;
  /** The look: "confirm" (styles.css) or an area's own (InterLab's alert). */
  look?: { box: string; question: string; yes: string };
}

const CONFIRM = { box: "confirm", question: "confirm__question", yes: "button button--danger" };

export function Confirm({ id, question, yes, yesIcon, busyLabel, busy, onYes, no, onNo, children, look = CONFIRM }: ConfirmProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.focus();
  }, []);
  return (
    <div className={look.box} ref={box} tabIndex={-1} role="group" aria-labelledby={id}>
      <p id={id} className={look.question}>
        <Icon name="alert" />
        <span>{question}</span>
      </p>
      {children}
      <button type="button" className={look.yes} onClick={onYes} aria-disabled={busy || undefined}>
        <Icon name={yesIcon} />
        <span>{busy && busyLabel !== undefined ? busyLabel : yes}</span>
      </button>
      <button type="button" className="button" onClick={onNo}>
        <Icon name="back" />
        <span>{no}</span>
      </button>
    </div>
  );
}
