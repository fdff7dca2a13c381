/** One fact in a line, an icon before its words (where a thing stands: "Registered", "2 seats left"). */
import type { ReactNode } from "react";
import { Icon, type IconName } from "./Icon";

export function StatusLine({ icon, children }: { icon: IconName; children: ReactNode }) {
  return (
    <p className="status-line">
      <Icon name={icon} />
      <span>{children}</span>
    </p>
  );
}
