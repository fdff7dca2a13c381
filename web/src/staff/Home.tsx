/** The staff console's home: what needs action now. */
import { PageHeading } from "../components/PageHeading";

export default function Home() {
  return <PageHeading title="Interra staff" />;
}
