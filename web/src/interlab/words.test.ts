import { describe, expect, it } from "vitest";
import type { Failure } from "../api/problems";
import { translate } from "../i18n/i18n";
import { en, type MessageKey } from "../i18n/messages/en";
import { explainApplication, nextMilestone, sayDate, sayDeclineReason, sayStatus } from "./words";

const t = (key: MessageKey, values?: Record<string, string | number>) => translate(en, key, values);
const failure = (status: number, errors: Record<string, unknown>, detail = "invalid application"): Failure => ({
  ok: false,
  status,
  problem: { type: "about:blank", title: "x", status, detail, errors } as Failure["problem"],
});

describe("an application's refusal, field by field", () => {
  it("names each missing project field and unanswered question (the service's rules)", () => {
    const explained = explainApplication(
      failure(422, {
        project: ["description is needed to submit (a draft may wait)", "sector is needed to submit (a draft may wait)"],
        answers: ["'why_liege' is needed to submit"],
      }),
      t,
    );
    expect(explained.message).toBeNull();
    expect(explained.fields).toEqual({
      description: en["error.required"],
      sector: en["error.choose"],
      "answer.why_liege": en["error.required"],
    });
  });

  it("says the contract's checks of nested fields in plain words", () => {
    const explained = explainApplication(
      failure(422, {
        project: { title: ["Shorter than minimum length 3."], team_size: ["Must be greater than or equal to 1 and less than or equal to 50."] },
        answers: { why_liege: { value: ["must not be blank"] } },
        language: ["use an ISO 639 code such as fr, en, ar"],
      }),
      t,
    );
    expect(explained.fields).toEqual({
      title: "Write at least 3 characters.",
      team_size: en["interlab.error.teamSize"],
      "answer.why_liege": en["error.required"],
      language: en["interlab.error.language"],
    });
  });

  it("tells a closed call, a second application and a move meanwhile apart (409)", () => {
    const said = (errors: Record<string, unknown>, detail: string) => explainApplication(failure(409, errors, detail), t).message;
    expect(said({ call_id: ["takes applications from 2027-01-04 to 2027-02-28"] }, "the call for cohort '2027' is not open")).toBe(
      en["interlab.error.closed"],
    );
    expect(said({ call_id: ["already applied to this cohort (withdraw first to apply again)"] }, "x")).toBe(en["interlab.error.already"]);
    expect(said({ status: ["a submitted application cannot be changed"] }, "x")).toBe(en["interlab.error.moved"]);
  });

  it("says a network failure as such", () => {
    expect(explainApplication({ ok: false, status: 0, problem: null }, t).message).toBe(en["error.unreachable"]);
  });
});

describe("InterLab words", () => {
  it("say statuses and reasons in plain words, unknown ones as they are", () => {
    expect(sayStatus("more_info_requested", t)).toBe(en["interlab.status.more_info_requested"]);
    expect(sayStatus("brand_new", t)).toBe("brand_new");
    expect(sayDeclineReason("no_places", t)).toBe(en["interlab.declined.no_places"]);
    expect(sayDeclineReason(null, t)).toBeNull();
  });

  it("say a day as that calendar day, in the member's language", () => {
    expect(sayDate("en", "2027-02-28")).toBe("28 February 2027");
    expect(sayDate("fr", "2027-02-28")).toBe("28 février 2027");
    expect(sayDate("ar", "2027-02-28")).toMatch(/28/);
  });

  it("find the next step: the earliest not reached", () => {
    const next = nextMilestone([
      { kind: "launch", due_on: "2027-09-01", reached_on: null },
      { kind: "business_plan", due_on: "2027-04-01", reached_on: "2027-03-20" },
      { kind: "first_customer", due_on: "2027-06-01", reached_on: null },
    ]);
    expect(next?.kind).toBe("first_customer");
  });
});
