/**
 * The pipeline board: one column per status, one card per workshop. Every card is moved with its "Move"
 * menu (the moves the API allows, in words), by keyboard, mouse or touch. A move that needs something (a
 * training date, a reason) asks for it in a small dialog. A refused move (409) says why next to the card,
 * and nothing moves. After a move the focus stays on the card, in its new column. With a mouse, a card
 * may also be dragged onto a column its moves lead to (the same move, the same dialog).
 */
import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { Link, useSearchParams } from "react-router";
import { api } from "../../api/client";
import { attempt, explain, type Failure } from "../../api/problems";
import { Choices, Notice, SubmitButton, TextField } from "../../components/forms";
import { Icon } from "../../components/Icon";
import { TryAgain } from "../../components/LoadFailed";
import { StillLoading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { StatusLine } from "../../components/StatusLine";
import { languageName, list, number } from "../../i18n/format";
import { useT, type Translate } from "../../i18n/i18n";
import { locale, type Lang } from "../../i18n/languages";
import { allPipeline, type Workshop } from "./load";
import {
  ASIDE,
  NEEDS_REASON,
  NEEDS_TRAINING_DATE,
  PIPELINE,
  REASONS,
  moveName,
  moveTo,
  sayRefusal,
  staffMoves,
  statusName,
  type Move,
  type Refusal,
} from "./pipeline";
import { dateOf, liegeToIso } from "./time";
import "./workshops.css";

type Loaded = { state: "loading" } | { state: "failed"; message: string } | { state: "ready"; items: Workshop[] };

interface Asking {
  workshop: Workshop;
  move: Move;
}

interface Extra {
  training_at?: string | null;
  reason?: string | null;
  note?: string | null;
}

type FieldErrors = Partial<Record<"training_at" | "reason" | "note", string>>;

function said(failure: Failure, t: Translate): string {
  const explained = explain(failure, t);
  return explained.message ?? Object.values(explained.fields)[0] ?? t("error.generic");
}

function orList(lang: Lang, items: string[]): string {
  return new Intl.ListFormat(locale(lang), { style: "long", type: "disjunction" }).format(items);
}

export default function Board() {
  const { t, lang } = useT();
  const [params] = useSearchParams();
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  const [refusals, setRefusals] = useState<Record<string, Refusal>>({});
  const [announce, setAnnounce] = useState<string | null>(null);
  const [asking, setAsking] = useState<Asking | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [dragging, setDragging] = useState<Workshop | null>(null);
  const focusNext = useRef<string | null>(params.get("card"));

  const load = useCallback(async () => {
    const outcome = await allPipeline();
    setLoaded(outcome.ok ? { state: "ready", items: outcome.data } : { state: "failed", message: said(outcome, t) });
  }, [t]);

  useEffect(() => {
    void load();
  }, [load]);

  // The card asked for (after a move, or from the home's list) takes the focus once it is on the board.
  useEffect(() => {
    const id = focusNext.current;
    if (!id || loaded.state !== "ready") return;
    const button = document.getElementById(`move-${id}`);
    if (button) {
      button.focus();
      focusNext.current = null;
    }
  });

  /** Make the move; returns the field errors of a 422 for the dialog to show (null: done or refused). */
  const perform = async (workshop: Workshop, move: Move, extra: Extra): Promise<FieldErrors | null> => {
    const id = workshop.workshop_id ?? "";
    if (busy) return null;
    setBusy(id);
    const outcome = await attempt(
      api.POST("/workshops/{workshop_id}/moves", {
        params: { path: { workshop_id: id } },
        body: {
          move,
          training_at: extra.training_at ?? null,
          reason: (extra.reason as (typeof REASONS)[number] | null | undefined) ?? null,
          note: extra.note ?? null,
        },
      }),
    );
    setBusy(null);
    focusNext.current = id;
    if (outcome.ok) {
      const moved = outcome.data;
      setRefusals(({ [id]: _, ...others }) => others);
      setLoaded((before) =>
        before.state === "ready"
          ? { state: "ready", items: before.items.map((item) => (item.workshop_id === id ? moved : item)) }
          : before,
      );
      setAnnounce(t("staffWorkshops.board.moved", { title: moved.title ?? "", status: statusName(moved.status, t) }));
      setAsking(null);
      return null;
    }
    if (outcome.status === 422 && outcome.problem?.errors) {
      const fields = explain(outcome, t).fields;
      const errors: FieldErrors = {};
      for (const name of ["training_at", "reason", "note"] as const) if (fields[name]) errors[name] = fields[name];
      if (Object.keys(errors).length > 0) return errors;
    }
    const refusal = (outcome.status === 409 && outcome.problem && sayRefusal(outcome.problem.detail, t, (items) => orList(lang, items))) || {
      text: said(outcome, t),
      needsDates: false,
      stale: false,
    };
    setRefusals((before) => ({ ...before, [id]: refusal }));
    setAnnounce(null);
    setAsking(null);
    if (refusal.stale) await load();
    return null;
  };

  const choose = (workshop: Workshop, move: Move) => {
    if (NEEDS_TRAINING_DATE.has(move) || NEEDS_REASON.has(move)) setAsking({ workshop, move });
    else void perform(workshop, move, {});
  };

  const items = loaded.state === "ready" ? loaded.items : [];
  const column = (status: string) => items.filter((workshop) => workshop.status === status);

  return (
    <>
      <PageHeading title={t("staffWorkshops.board.title")} />
      <p className="lead">{t("staffWorkshops.board.intro")}</p>
      <div className="board__live" role="status">
        {announce && (
          <StatusLine icon="check">{announce}</StatusLine>
        )}
      </div>
      {loaded.state === "loading" && <StillLoading />}
      {loaded.state === "failed" && (
        <>
          <Notice tone="error">
            {t("staffWorkshops.board.failed")} {loaded.message}
          </Notice>
          <TryAgain retry={() => void load()} className="button staff-button" />
        </>
      )}
      {loaded.state === "ready" && (
        <div className="board">
          {[...PIPELINE, ...ASIDE].map((status) => (
            <Column
              key={status}
              status={status}
              aside={(ASIDE as readonly string[]).includes(status)}
              workshops={column(status)}
              refusals={refusals}
              busy={busy}
              choose={choose}
              dragging={dragging}
              drag={setDragging}
            />
          ))}
        </div>
      )}
      {asking && (
        <MoveDialog
          key={`${asking.workshop.workshop_id}-${asking.move}`}
          asking={asking}
          perform={perform}
          close={() => {
            focusNext.current = asking.workshop.workshop_id ?? null;
            setAsking(null);
          }}
        />
      )}
    </>
  );
}

interface ColumnProps {
  status: string;
  aside: boolean;
  workshops: Workshop[];
  refusals: Record<string, Refusal>;
  busy: string | null;
  choose: (workshop: Workshop, move: Move) => void;
  dragging: Workshop | null;
  drag: (workshop: Workshop | null) => void;
}

function Column({ status, aside, workshops, refusals, busy, choose, dragging, drag }: ColumnProps) {
  const { t, lang } = useT();
  const headingId = `column-${status}`;
  const drop = dragging ? moveTo(dragging, status) : null;
  const classes = ["board__column", aside && "board__column--aside", drop && "board__column--target"].filter(Boolean).join(" ");
  return (
    <section
      className={classes}
      aria-labelledby={headingId}
      data-status={status}
      onDragOver={(event) => {
        if (!drop) return;
        event.preventDefault(); // this column accepts the card
        event.dataTransfer.dropEffect = "move";
      }}
      onDrop={(event) => {
        event.preventDefault();
        if (dragging && drop) choose(dragging, drop);
        drag(null);
      }}
    >
      <h2 id={headingId} className="board__heading">
        <span>{statusName(status, t)}</span>
        <span className="board__count">{number(lang, workshops.length)}</span>
      </h2>
      {workshops.length === 0 ? (
        <p className="board__empty">{t("staffWorkshops.board.empty")}</p>
      ) : (
        <ol className="board__cards">
          {workshops.map((workshop) => (
            <Card
              key={workshop.workshop_id}
              workshop={workshop}
              refusal={refusals[workshop.workshop_id ?? ""]}
              busy={busy === workshop.workshop_id}
              choose={choose}
              drag={drag}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

interface CardProps {
  workshop: Workshop;
  refusal: Refusal | undefined;
  busy: boolean;
  choose: (workshop: Workshop, move: Move) => void;
  drag: (workshop: Workshop | null) => void;
}

function Card({ workshop, refusal, busy, choose, drag }: CardProps) {
  const { t, lang } = useT();
  const id = workshop.workshop_id ?? "";
  const last = workshop.history?.at(-1);
  const category = workshop.category;
  const refusalId = `refusal-${id}`;
  return (
    <li
      className={refusal ? "board-card board-card--refused" : "board-card"}
      data-workshop={id}
      draggable={staffMoves(workshop.allowed_moves).length > 0}
      onDragStart={(event) => {
        event.dataTransfer.setData("text/plain", workshop.title ?? id);
        event.dataTransfer.effectAllowed = "move";
        drag(workshop);
      }}
      onDragEnd={() => drag(null)}
    >
      <h3 className="board-card__title" dir="auto">
        {workshop.title}
      </h3>
      <p className="board-card__meta">
        {category && isCategory(category) ? t(`staffWorkshops.category.${category}`) : category}
        {" · "}
        {list(lang, (workshop.languages ?? []).map((code) => languageName(lang, code)))}
      </p>
      {workshop.created_at && (
        <p className="board-card__meta">{t("staffWorkshops.board.since", { date: dateOf(lang, workshop.created_at) })}</p>
      )}
      {last?.reason && (workshop.status === "paused" || workshop.status === "declined") && (
        <p className="board-card__meta">
          {t("staffWorkshops.board.lastReason", { reason: isReason(last.reason) ? t(`staffWorkshops.reason.${last.reason}`) : last.reason })}
        </p>
      )}
      <MoveMenu workshop={workshop} busy={busy} choose={choose} describedBy={refusal ? refusalId : undefined} />
      {refusal && (
        <div id={refusalId} className="board-card__refusal" role="alert">
          <p className="board-card__why">
            <Icon name="alert" />
            <span>
              <strong>{t("staffWorkshops.board.refusedTitle")}.</strong> {refusal.text}
            </span>
          </p>
          {refusal.needsDates && (
            <Link to={`/staff/week?workshop=${encodeURIComponent(id)}`} className="board-card__link">
              <Icon name="calendar" />
              <span>{t("staffWorkshops.refused.needsDates")}</span>
            </Link>
          )}
        </div>
      )}
    </li>
  );
}

const CATEGORIES = ["cooking", "crafts", "music", "sport", "language", "culture", "digital", "trade", "other"] as const;
const isCategory = (value: string): value is (typeof CATEGORIES)[number] => (CATEGORIES as readonly string[]).includes(value);
const isReason = (value: string): value is (typeof REASONS)[number] => (REASONS as readonly string[]).includes(value);

interface MoveMenuProps {
  workshop: Workshop;
  busy: boolean;
  choose: (workshop: Workshop, move: Move) => void;
  describedBy: string | undefined;
}

/**
 * The card's "Move" button and its menu (the ARIA menu button pattern): Enter, Space or ArrowDown opens it
 * on its first move; arrows, Home and End go through the moves; Enter chooses; Escape closes it.
 */
function MoveMenu({ workshop, busy, choose, describedBy }: MoveMenuProps) {
  const { t } = useT();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const id = workshop.workshop_id ?? "";
  const moves = staffMoves(workshop.allowed_moves);

  const items = () => Array.from(menu.current?.querySelectorAll<HTMLButtonElement>("[role=menuitem]") ?? []);
  const focusItem = (index: number) => {
    const all = items();
    all[(index + all.length) % all.length]?.focus();
  };

  useEffect(() => {
    if (open) focusItem(0);
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  const onMenuKey = (event: KeyboardEvent) => {
    const all = items();
    const current = all.indexOf(document.activeElement as HTMLButtonElement);
    const keys: Record<string, () => void> = {
      ArrowDown: () => focusItem(current + 1),
      ArrowUp: () => focusItem(current - 1),
      Home: () => focusItem(0),
      End: () => focusItem(all.length - 1),
      Escape: () => close(true),
      Tab: () => setOpen(false),
    };
    const action = keys[event.key];
    if (!action) return;
    if (event.key !== "Tab") event.preventDefault();
    action();
  };

  if (moves.length === 0) return <p className="board-card__meta">{t("staffWorkshops.board.noMove")}</p>;

  return (
    <div
      className="move"
      onBlur={(event) => {
        if (open && !event.currentTarget.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={button}
        id={`move-${id}`}
        type="button"
        className="move__button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `menu-${id}` : undefined}
        aria-label={t("staffWorkshops.board.moveLabel", { title: workshop.title ?? "" })}
        aria-describedby={describedBy}
        aria-disabled={busy || undefined}
        onClick={() => !busy && setOpen(!open)}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown" || event.key === "ArrowUp") {
            event.preventDefault();
            if (!busy) setOpen(true);
          }
        }}
      >
        <Icon name="forward" />
        <span>{t("staffWorkshops.board.moveButton")}</span>
      </button>
      {open && (
        <ul ref={menu} id={`menu-${id}`} className="move__menu" role="menu" aria-labelledby={`move-${id}`} onKeyDown={onMenuKey}>
          {moves.map((move) => (
            <li key={move} role="none">
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                className={move === "decline" || move === "pause" ? "move__item move__item--aside" : "move__item"}
                data-move={move}
                onClick={() => {
                  close(true);
                  choose(workshop, move);
                }}
              >
                {moveName(move, t)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface MoveDialogProps {
  asking: Asking;
  perform: (workshop: Workshop, move: Move, extra: Extra) => Promise<FieldErrors | null>;
  close: () => void;
}

/** What a move needs before it is made: the training's date and time, or the reason told to the leader. */
function MoveDialog({ asking, perform, close }: MoveDialogProps) {
  const { t } = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const { workshop, move } = asking;
  const [trainingAt, setTrainingAt] = useState("");
  const [reason, setReason] = useState("");
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [sending, setSending] = useState(false);
  const training = NEEDS_TRAINING_DATE.has(move);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    const missing: FieldErrors = {};
    if (training && !trainingAt) missing.training_at = t("error.required");
    if (!training && !reason) missing.reason = t("error.choose");
    if (Object.keys(missing).length > 0) {
      setErrors(missing);
      document.getElementById(training ? "move-training_at" : "move-reason")?.focus();
      return;
    }
    setSending(true);
    const refused = await perform(workshop, move, {
      training_at: training ? liegeToIso(trainingAt) : null,
      reason: training ? null : reason,
      note: note.trim() || null,
    });
    setSending(false);
    if (refused) setErrors(refused);
  };

  return (
    <dialog
      ref={dialog}
      className="move-dialog"
      aria-labelledby="move-dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
    >
      <form onSubmit={submit} noValidate>
        <h2 id="move-dialog-title" className="move-dialog__title">
          {moveName(move, t)}
        </h2>
        <p className="move-dialog__workshop" dir="auto">
          {workshop.title}
        </p>
        {training ? (
          <TextField
            id="move-training_at"
            label={t("staffWorkshops.dialog.trainingAt")}
            hint={t("staffWorkshops.dialog.trainingHint")}
            error={errors.training_at}
            type="datetime-local"
            value={trainingAt}
            onValueChange={setTrainingAt}
            autoFocus
          />
        ) : (
          <Choices
            id="move-reason"
            name="reason"
            legend={t("staffWorkshops.dialog.reason")}
            hint={t("staffWorkshops.dialog.reasonHint")}
            error={errors.reason}
            choices={REASONS.map((value) => ({ value, label: t(`staffWorkshops.reason.${value}`) }))}
            selected={[reason]}
            onChange={setReason}
          />
        )}
        <TextField
          id="move-note"
          label={t("staffWorkshops.dialog.note")}
          hint={t("staffWorkshops.dialog.noteHint")}
          optional={t("common.optional")}
          error={errors.note}
          value={note}
          onValueChange={setNote}
        />
        <div className="move-dialog__actions">
          <button type="button" className="button staff-button" onClick={close}>
            <Icon name="close" />
            <span>{t("staffWorkshops.dialog.cancel")}</span>
          </button>
          <SubmitButton
            icon="forward"
            label={t("staffWorkshops.dialog.confirm")}
            busy={sending}
            className="button button--primary staff-button"
          />
        </div>
      </form>
    </dialog>
  );
}
