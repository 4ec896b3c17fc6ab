import type { CommandContext } from "../commands/context.js";
import { ok } from "../commands/replies.js";
import type { ParsedArgs } from "../commands/tokenize.js";
import { PulseError } from "../core/errors.js";
import type { Reply } from "../core/inbound.js";
import { loadHolidays } from "./holiday-library.js";
import { subjectOf } from "./people.js";
import { rescheduleSponsored } from "./reschedule.js";

let countries: Record<string, string> | undefined;

/** ISO 3166 codes the public-holiday library knows, with their names. */
export async function knownCountries(): Promise<Record<string, string>> {
  if (!countries) {
    const Holidays = await loadHolidays();
    countries = new Holidays().getCountries("en");
  }
  return countries;
}

/** An ISO country code (any case) → upper case; a clear refusal otherwise. */
export async function parseCountry(raw: string | undefined, example: string): Promise<string> {
  const code = (raw ?? "").trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code) || !(await knownCountries())[code]) {
    throw new PulseError(
      "invalid",
      raw
        ? `"${raw}" is not a country code I know. Use a two-letter ISO code, like US, GB, DE or IN.`
        : "Which country? Use a two-letter ISO code, like US, GB, DE or IN.",
      [example],
    );
  }
  return code;
}

/** `/pulse country [@person] <code>|none`: whose public holidays a person's check-ins avoid. */
export async function countryCommand(ctx: CommandContext, args: ParsedArgs): Promise<Reply[]> {
  const { person, rest, self } = await subjectOf(ctx, args.words, "set someone else's country");
  const whose = self ? "Your" : `${person.displayName}'s`;
  if (rest.length === 0) {
    const name = person.country ? (await knownCountries())[person.country] : undefined;
    return [
      ok(
        person.country
          ? `${whose} country is ${name ?? person.country} (${person.country}): check-ins avoid its public holidays.`
          : `${whose} country is not set. Set it with \`/pulse country <code>\`, like \`/pulse country GB\`.`,
      ),
    ];
  }
  if (rest.length > 1) throw new PulseError("usage", "Give one country code.", ["`/pulse country GB`"]);
  const country =
    rest[0]?.toLowerCase() === "none" ? null : await parseCountry(rest[0], "`/pulse country GB`");
  await ctx.deps.sponsors.setCountry(ctx.workspace.id, person.id, country, ctx.audit);
  await rescheduleSponsored(ctx, person.id);
  if (!country) return [ok(`${whose} country is cleared.`)];
  return [
    ok(
      `${whose} country is ${(await knownCountries())[country]} (${country}): check-ins move off its public holidays.`,
    ),
  ];
}
