/** Reads shared by the console's workshop pages and its home. */
import { api } from "../../api/client";
import { attempt, type Outcome } from "../../api/problems";
import type { components } from "../../api/schema";

export type Workshop = components["schemas"]["WorkshopStaffView"];
export type DateView = components["schemas"]["DateView"];
export type Venue = components["schemas"]["VenueView"];

/** Every workshop of the pipeline (GET /workshops/pipeline, page after page: at most 100 a page). */
export async function allPipeline(): Promise<Outcome<Workshop[]>> {
  const items: Workshop[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await attempt(api.GET("/workshops/pipeline", { params: { query: { offset, limit: 100 } } }));
    if (!page.ok) return page;
    items.push(...page.data.items);
    if (page.data.items.length === 0 || items.length >= page.data.total) return { ok: true, data: items };
  }
}

export function datesOf(workshopId: string) {
  return attempt(api.GET("/workshops/{workshop_id}/dates", { params: { path: { workshop_id: workshopId } } }));
}
