// Cross-check of our Swedish calendar (DOMAIN.md §7) and personnummer parsing (DOMAIN.md §8)
// against two independent npm packages: `date-holidays` (country SE) and `personnummer`.
//
//   npm ci --prefix tests/crosscheck
//   node tests/crosscheck/crosscheck.mjs path/to/crosscheck_dump
//
// Only what both sides define is compared, and the known, deliberate differences are listed
// below with their reason; any other difference fails the run (exit code 1). The personnummer
// vectors are synthetic (serial digits 980–999).
import { execFileSync } from 'node:child_process';
import Holidays from 'date-holidays';
import Personnummer from 'personnummer';

const dump = process.argv[2];
if (!dump) {
  console.error('usage: node crosscheck.mjs path/to/crosscheck_dump');
  process.exit(2);
}

let failures = 0;
function Fail(message) {
  if (failures < 50) console.error('MISMATCH ' + message);
  failures++;
}

// ---- Closed days, 2000–2100 -----------------------------------------------------------------
// date-holidays types: "public" are the public holidays, "bank" are the eves banks and offices
// close (midsommarafton, julafton, nyårsafton); "optional" and "observance" days (påskafton,
// valborgsmässoafton, annandag pingst, …) are not closed under DOMAIN.md §7.
const kFirstYear = 2000;
const kLastYear = 2100;
// date-holidays spells Kristi himmelsfärdsdag with an s (as the helgdag law does); DOMAIN.md §7
// writes "Kristi himmelfärdsdag". Same day, so the names are compared through this alias.
const kNameAlias = new Map([['Kristi himmelsfärdsdag', 'Kristi himmelfärdsdag']]);
// Nationaldagen became a public holiday in 2005 (replacing annandag pingst). date-holidays models
// that history; DOMAIN.md §7 applies today's rules to every year, so 6 June 2000–2004 differs.
function KnownCalendarDifference(date, ours) {
  const year = Number(date.slice(0, 4));
  return year < 2005 && date.slice(5) === '06-06' && ours?.name === 'nationaldagen';
}

const ours = new Map();
for (const line of execFileSync(dump, ['closed', String(kFirstYear), String(kLastYear)], { encoding: 'utf8', maxBuffer: 1 << 26 })
  .split('\n')
  .filter(Boolean)) {
  const [date, kind, name] = line.split('\t');
  ours.set(date, { kind, name });
}

const theirs = new Map();
const holidays = new Holidays('SE');
for (let year = kFirstYear; year <= kLastYear; year++) {
  for (const h of holidays.getHolidays(year)) {
    if (h.type !== 'public' && h.type !== 'bank') continue;
    theirs.set(h.date.slice(0, 10), { kind: h.type === 'public' ? 'helgdag' : 'afton', name: kNameAlias.get(h.name) ?? h.name });
  }
}

let calendarKnown = 0;
for (const [date, our] of ours) {
  const their = theirs.get(date);
  if (!their) {
    if (KnownCalendarDifference(date, our)) calendarKnown++;
    else Fail(`${date}: closed for us (${our.name}) but not in date-holidays`);
    continue;
  }
  if (their.kind !== our.kind || their.name !== our.name)
    Fail(`${date}: ours ${our.kind} ${our.name}, date-holidays ${their.kind} ${their.name}`);
}
for (const [date, their] of theirs)
  if (!ours.has(date)) Fail(`${date}: in date-holidays (${their.name}) but not closed for us`);
console.log(`closed days ${kFirstYear}–${kLastYear}: ${ours.size} ours, ${theirs.size} date-holidays, ` +
            `${calendarKnown} known differences (nationaldagen before 2005)`);

// ---- Personnummer -----------------------------------------------------------------------------
// npm `personnummer` resolves the century against the system clock, so the reference date we
// hand our code is today.
const now = new Date();
const Pad = (n, width = 2) => String(n).padStart(width, '0');
const today = `${now.getFullYear()}-${Pad(now.getMonth() + 1)}-${Pad(now.getDate())}`;

function Luhn(nine) {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const product = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    sum += Math.floor(product / 10) + (product % 10);
  }
  return (10 - (sum % 10)) % 10;
}

const yy = now.getFullYear() % 100;
const kYears = [1899, 1900, 1904, 1912, 1924, 1946, 1981, 1999, 2000, 2004, 2023, 2024,
                now.getFullYear() - 100, now.getFullYear() - 1, now.getFullYear(), now.getFullYear() + 1];
const kMonths = [0, 1, 2, 4, 6, 12, 13];
const kDays = [0, 1, 15, 28, 29, 30, 31, 32, 60, 61, 75, 88, 89, 90, 91, 92];
const kSerials = ['980', '987', '994', '999'];
const inputs = new Set();
for (const year of kYears) {
  for (const month of kMonths) {
    for (const day of kDays) {
      for (const serial of kSerials) {
        const yymmdd = `${Pad(year % 100)}${Pad(month)}${Pad(day)}`;
        const check = Luhn(yymmdd + serial);
        for (const c of [check, (check + 1) % 10]) {
          const last4 = `${serial}${c}`;
          const century = String(year).slice(0, 2);
          for (const text of [`${century}${yymmdd}-${last4}`, `${century}${yymmdd}${last4}`, `${century}${yymmdd}+${last4}`,
                              `${yymmdd}-${last4}`, `${yymmdd}${last4}`, `${yymmdd}+${last4}`])
            inputs.add(text);
        }
      }
    }
  }
}
for (const text of ['', '811218987', '19811218-987', '1981121898765', '19811218-98A6', '19811218 9876', ' 8112189876',
                    '198112-189876', '81121-89876', '19811218--9876', 'ABCDEFGH-IJKL', '811218-98761'])
  inputs.add(text);
// The dump reads one input a line, so the empty input is left out there and checked by the unit test.
inputs.delete('');

const verdicts = new Map();
for (const line of execFileSync(dump, ['personnummer', today], { input: [...inputs].join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 28 })
  .split('\n')
  .filter(Boolean)) {
  const [text, status, digits, sex, kind] = line.split('\t');
  verdicts.set(text, { ok: status === 'ok', digits, sex, kind });
}

// Known, deliberate differences, counted but not failed:
// - '+' in the 12-digit form: npm accepts it, we reject it (DOMAIN.md §8 uses '+' with YYMMDD only).
// - A birth date after the reference date: npm accepts it, we reject it (personnummer.hpp).
// - The 10-digit century when YY is this year's and MMDD is later this year: npm counts calendar
//   years (like Skatteverket: '+' from the year a person turns 100), our header counts the
//   actual age on the reference date ("younger than 100 on reference").
const known = { plus12: 0, future: 0, century: 0 };
const todayMmdd = `${Pad(now.getMonth() + 1)}${Pad(now.getDate())}`;
let compared = 0;
let validBoth = 0;
for (const text of inputs) {
  const our = verdicts.get(text);
  if (!our) {
    Fail(`no verdict for ${JSON.stringify(text)}`);
    continue;
  }
  let their = null;
  try {
    their = Personnummer.parse(text, { allowCoordinationNumber: true });
  } catch {
    their = null;
  }
  const digitCount = text.replace(/[^0-9]/g, '').length;
  if (digitCount === 12 && text.includes('+') && their && !our.ok) { known.plus12++; continue; }
  if (their && !our.ok && their.getDate() > now) { known.future++; continue; }
  if (digitCount === 10) {
    // YY is this year's and the birthday (day less 60 for a samordningsnummer) is later this year.
    const ten = text.replace(/[^0-9]/g, '');
    const day = Number(ten.slice(4, 6));
    const mmdd = ten.slice(2, 4) + Pad(day > 60 ? day - 60 : day);
    const laterThisYear = Number(ten.slice(0, 2)) === yy && mmdd > todayMmdd;
    if (laterThisYear && ((their !== null) !== our.ok || (their && their.format(true) !== our.digits))) {
      known.century++;
      continue;
    }
  }
  compared++;
  if ((their !== null) !== our.ok) {
    Fail(`${JSON.stringify(text)}: ours ${our.ok ? 'valid' : 'invalid'}, npm ${their ? 'valid' : 'invalid'}`);
    continue;
  }
  if (!their) continue;
  validBoth++;
  if (their.format(true) !== our.digits) Fail(`${text}: ours ${our.digits}, npm ${their.format(true)}`);
  if ((their.isMale() ? 'M' : 'F') !== our.sex) Fail(`${text}: sex differs`);
  if ((their.isCoordinationNumber() ? 'S' : 'P') !== our.kind) Fail(`${text}: samordningsnummer differs`);
}
console.log(`personnummer: ${inputs.size} inputs, ${compared} compared (${validBoth} valid for both), known differences: ` +
            `${known.plus12} '+' with 12 digits, ${known.future} future birth dates, ${known.century} century rule`);

if (failures > 0) {
  console.log(`0 passed, ${failures} failed`);
  process.exit(1);
}
console.log('crosscheck: all compared values agree');
