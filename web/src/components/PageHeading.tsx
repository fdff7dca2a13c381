import { useEffect, useRef, type ReactNode } from "react";

let navigated = false;

/**
 * The page's one <h1>. It names the browser tab, and after a move inside the app it takes the focus, so
 * that a screen reader starts reading the new page (a hash change alone says nothing).
 */
export function PageHeading({ title, children }: { title: string; children?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = title === "Interra" ? title : `${title} · Interra`;
    if (navigated) ref.current?.focus();
    navigated = true;
  }, [title]);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children ?? title}
    </h1>
  );
}
