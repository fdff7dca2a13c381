/**
 * InterLab's longer answers: a project told in one's own words wants a taller box (interlab.css) than the
 * shared text area. The list to choose from (the language written in) is the shared one.
 */
import type { ComponentProps } from "react";
import { TextArea as SharedTextArea } from "../components/forms";

export { Select } from "../components/forms";

export function TextArea(props: ComponentProps<typeof SharedTextArea>) {
  return <SharedTextArea className="field__input interlab-textarea" rows={5} {...props} />;
}
