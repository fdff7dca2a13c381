/** The staff console's frame: staff only (the gateway decides what each role may read), and its own menu. */
import { Outlet } from "react-router";
import { signedIn } from "../routing";

export default function StaffLayout() {
  return signedIn(<Outlet />);
}
