import { describe, expect, it } from "vitest";
import { translate, type Translate } from "../i18n/i18n";
import { en } from "../i18n/messages/en";
import { fr } from "../i18n/messages/fr";
import { explain, type Problem } from "./problems";

const tEn: Translate = (key, values) => translate(en, key, values);
const tFr: Translate = (key, values) => translate(fr, key, values);

function refused(status: number, detail: string, errors?: Problem["errors"]) {
  const problem: Problem = { type: "about:blank", title: "t", status, detail, request_id: "r", ...(errors ? { errors } : {}) };
  return { ok: false as const, status, problem };
}

describe("a refusal, explained", () => {
  it("puts a translated sentence next to each field", () => {
    const explained = explain(
      refused(422, "invalid request", {
        first_name: ["Missing data for required field."],
        password: ["use 10 to 128 characters"],
        email: ["Not a valid email address."],
        birth_year: ["the member must be between 16 and 110 years old"],
        consents: { "0": { purpose: ["Must be one of: data_processing."] } },
      }),
      tFr,
    );
    expect(explained.message).toBeNull();
    expect(explained.fields).toEqual({
      first_name: fr["error.required"],
      password: fr["error.passwordLength"],
      email: fr["error.email"],
      birth_year: fr["error.age"],
      consents: fr["error.choose"],
    });
  });

  it("tells a taken e-mail from a taken phone", () => {
    const explained = explain(refused(409, "a member with this email already exists", { email: ["already registered"] }), tEn);
    expect(explained.fields).toEqual({ email: en["error.emailTaken"] });
  });

  it("keeps the API's words when it has no translation for them", () => {
    const explained = explain(refused(422, "invalid", { interests: ["something new"] }), tEn);
    expect(explained.fields).toEqual({ interests: "something new" });
  });

  it("says Duo-Langue's refusals in plain words", () => {
    const detail = "Duo-Langue pairs newcomers (in Belgium for less than 3 years) with volunteers";
    expect(explain(refused(422, detail, { member_id: [detail] }), tEn)).toEqual({
      message: en["duo.error.notNewcomer"],
      fields: {},
    });
  });

  it("says what failed when there is no problem to read", () => {
    expect(explain({ ok: false, status: 0, problem: null }, tEn).message).toBe(en["error.unreachable"]);
    expect(explain({ ok: false, status: 503, problem: null }, tEn).message).toBe(en["error.server"]);
    expect(explain(refused(429, "slow down"), tEn).message).toBe(en["error.tooMany"]);
  });
});
