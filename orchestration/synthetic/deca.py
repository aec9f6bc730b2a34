"""SYNTHETIC DECA contracts (dépôt des contrats d'apprentissage, DGEFP; CERFA FA13), one row per contract.

Layout: the field names of the DECA records received by the Tableau de bord (TDB
shared/models/data/airbyteRawBalDeca.model.ts; sources.md §3.6), in the model's order, nested objects
flattened with `.` → `_` (`employeur.adresse.code_postal` → `employeur_adresse_code_postal`), which is the
spelling a DuckDB/dbt staging model would give them anyway. Two departures from the real layout, both documented:
- `etablissement_formation_uai_cfa` is added after `etablissement_formation_siret`: the TDB model only keeps the
  SIRET of the main training site, the CERFA FA13 asks for both (`etablissementFormation.siret/.uaiCfa`);
- a trailing column `synthetic`, always `true`, labels every row as generated (not a DECA field).
Technical fields of the TDB copy (`_id`, `created_at`, `updated_at`, `_ab_cdc_*`) are left out.

Values: dates ISO `yyyy-mm-dd` (as in the TDB test fixtures); `no_contrat` has the 15-character shape of a real
number seen in a TDB fixture (`031202310001351`), built here as département of the CFA (3 chars) + year and
month of the start + a 6-digit sequence, so it is unique and stable for a seed (the real segments' meaning is
not documented). `type_contrat` = `11` (the only value seen in the fixtures), `dispositif` = `APPR`.
Apprentice block: `alternant_nom` / `alternant_prenom` = `SYNTHETIQUE`, birth date = 1 January of a generated
year, every other personal field empty. Fields whose code lists are not documented in shared/docs are left empty
rather than invented: `alternant_sexe`, `alternant_nationalite`, `alternant_handicap`, `alternant_derniere_classe`,
`formation_type_diplome`.
Imperfections (shares and sources in calibration.py): CFD missing, formateur block optional, formateur UAI
optional, wrong UAI check letter, Luhn-invalid CFA SIRET, 13-digit employer SIRET, broken contracts.
"""

from __future__ import annotations

import calendar
import csv
import io
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from orchestration.synthetic import SYNTHETIC_MARKER
from orchestration.synthetic import calibration as cal
from orchestration.synthetic import referentials as ref

DECA_COLUMNS = (
    "no_contrat",
    "type_contrat",
    "alternant_nom",
    "alternant_prenom",
    "alternant_sexe",
    "alternant_date_naissance",
    "alternant_departement_naissance",
    "alternant_nationalite",
    "alternant_handicap",
    "alternant_courriel",
    "alternant_telephone",
    "alternant_adresse_voie",
    "alternant_adresse_code_postal",
    "alternant_adresse_numero",
    "alternant_derniere_classe",
    "date_debut_contrat",
    "date_fin_contrat",
    "date_effet_rupture",
    "dispositif",
    "employeur_siret",
    "employeur_denomination",
    "employeur_adresse_code_postal",
    "employeur_naf",
    "employeur_code_idcc",
    "employeur_nombre_de_salaries",
    "employeur_courriel",
    "employeur_telephone",
    "organisme_formation_siret",
    "organisme_formation_uai_cfa",
    "etablissement_formation_siret",
    "etablissement_formation_uai_cfa",
    "formation_code_diplome",
    "formation_rncp",
    "formation_intitule_ou_qualification",
    "formation_type_diplome",
    "formation_date_debut_formation",
    "formation_date_fin_formation",
    "synthetic",
)

DECA_FILE = "deca_contrats_synthetiques.csv"


@dataclass
class Contract:
    """One synthetic contract: the generated truth plus the imperfect values DECA reports."""

    index: int
    no_contrat: str
    cfa: ref.Cfa
    formateur: ref.Cfa | None
    certification: ref.Certification
    employer: ref.Employer
    start: date
    end: date
    formation_start: date
    rupture: date | None
    birth_year: int
    sexe: str  # SIFA code: 1 male, 2 female (TDB sifa.actions.ts)
    theoretical_months: int
    # Imperfections (what DECA reports differs from the truth above).
    defects: set[str] = field(default_factory=set)

    def active_at(self, day: date) -> bool:
        return self.start <= day <= self.end and (self.rupture is None or self.rupture > day)


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _weighted(rng: random.Random, items: list, weights: list[int]):
    return rng.choices(items, weights=weights, k=1)[0]


def _exact_indices(rng: random.Random, population: list[int], share: float, n: int | None = None) -> set[int]:
    count = cal.exact_count(share, len(population) if n is None else n)
    return set(rng.sample(population, count))


def _new_employer(rng: random.Random, seq: int, region: str, postal_codes: list[str], taken: set[str]):
    low, high, _ = _weighted(rng, list(cal.EMPLOYER_SIZES), [w for *_, w in cal.EMPLOYER_SIZES])
    naf, idcc, _ = _weighted(rng, list(cal.SECTORS), [w for *_, w in cal.SECTORS])
    return ref.Employer(
        siret=ref.generate_employer_siret(rng, taken),
        denomination=f"EMPLOYEUR {SYNTHETIC_MARKER} {seq:06d}",
        naf=naf,
        code_idcc=idcc,
        nombre_de_salaries=rng.randint(low, high),
        code_postal=rng.choice(postal_codes),
        region_code=region,
    )


def generate_contracts(seed: int, n: int, samples_dir: Path) -> list[Contract]:
    """`n` synthetic contracts, deterministic for (`seed`, `n`, shipped samples)."""
    rng = random.Random(seed)
    cfas = ref.load_cfas(samples_dir)
    certifications = ref.load_certifications(samples_dir)
    weights = cal.region_weights(cfas)
    regions = list(weights)
    by_region = {r: [c for c in cfas if c.region_code == r] for r in regions}
    postal_codes = {r: sorted({c.postal_code for c in by_region[r] if c.postal_code}) for r in regions}
    years = list(cal.STARTS_PER_YEAR)
    employers: dict[str, list[ref.Employer]] = {r: [] for r in regions}
    taken: set[str] = set()

    contracts = []
    for i in range(n):
        region = _weighted(rng, regions, [weights[r] for r in regions])
        cfa = rng.choice(by_region[region])
        certification = rng.choice(certifications)
        months, age_low, age_high = cal.level_of(certification.cfd)
        year = _weighted(rng, years, [cal.STARTS_PER_YEAR[y] for y in years])
        month = _weighted(rng, list(range(1, 13)), list(cal.MONTHLY_STARTS_PUBLIC_2021))
        start = date(year, month, rng.randint(1, 28))
        end = add_months(start, months) - timedelta(days=1)
        if employers[region] and rng.random() < cal.SHARE_EMPLOYER_REUSED:
            employer = rng.choice(employers[region])
        else:
            employer = _new_employer(rng, len(taken) + 1, region, postal_codes[region], taken)
            employers[region].append(employer)
        contracts.append(
            Contract(
                index=i,
                no_contrat=f"{cfa.departement.zfill(3)}{start.year}{start.month:02d}{i + 1:06d}",
                cfa=cfa,
                formateur=None,
                certification=certification,
                employer=employer,
                start=start,
                end=end,
                formation_start=start - timedelta(days=rng.randint(0, 30)),
                rupture=None,
                birth_year=start.year - rng.randint(age_low, age_high),
                sexe=rng.choice("12"),
                theoretical_months=months,
            )
        )

    everyone = list(range(n))
    for i in sorted(_exact_indices(rng, everyone, cal.rupture_share(samples_dir))):
        c = contracts[i]
        c.rupture = c.start + timedelta(days=rng.randint(1, min(365, (c.end - c.start).days)))
        c.defects.add("rupture")
    for i in sorted(_exact_indices(rng, everyone, cal.SHARE_CFD_MISSING)):
        contracts[i].defects.add("cfd_missing")
    with_formateur = sorted(_exact_indices(rng, everyone, cal.SHARE_FORMATEUR_FILLED))
    for i in with_formateur:
        c = contracts[i]
        others = [x for x in by_region[c.cfa.region_code] if x.uai != c.cfa.uai] or [x for x in cfas if x != c.cfa]
        c.formateur = rng.choice(others)
    for i in sorted(_exact_indices(rng, with_formateur, cal.SHARE_FORMATEUR_UAI_EMPTY)):
        contracts[i].defects.add("formateur_uai_missing")
    for name, (count, total) in cal.fiabilisation_rates(samples_dir).items():
        for i in sorted(_exact_indices(rng, everyone, count / total)):
            contracts[i].defects.add(name)
    return contracts


def corrupt_uai(uai: str) -> str:
    """Same prefix, the next letter of the check alphabet: always an invalid check letter."""
    letter = ref.UAI_LETTERS[(ref.UAI_LETTERS.index(ref.uai_check_letter(uai[:7])) + 1) % 23]
    return uai[:7] + letter


def corrupt_siret(siret: str) -> str:
    """Last digit shifted until the value fails Luhn (a typo on the NIC check digit)."""
    for shift in range(1, 10):
        candidate = siret[:13] + str((int(siret[13]) + shift) % 10)
        if not ref.luhn_is_valid(candidate):
            return candidate
    raise AssertionError("unreachable")


def deca_row(c: Contract) -> dict[str, str]:
    cfa_uai = corrupt_uai(c.cfa.uai) if "uai_invalid" in c.defects else c.cfa.uai
    cfa_siret = corrupt_siret(c.cfa.siret) if "siret_luhn_invalid" in c.defects else c.cfa.siret
    employer_siret = c.employer.siret[1:] if "siret_13_digits" in c.defects else c.employer.siret
    formateur_uai = "" if c.formateur is None or "formateur_uai_missing" in c.defects else c.formateur.uai
    row = dict.fromkeys(DECA_COLUMNS, "")
    row.update(
        no_contrat=c.no_contrat,
        type_contrat="11",
        alternant_nom=SYNTHETIC_MARKER,
        alternant_prenom=SYNTHETIC_MARKER,
        alternant_date_naissance=f"{c.birth_year}-01-01",
        date_debut_contrat=c.start.isoformat(),
        date_fin_contrat=c.end.isoformat(),
        date_effet_rupture=c.rupture.isoformat() if c.rupture else "",
        dispositif="APPR",
        employeur_siret=employer_siret,
        employeur_denomination=c.employer.denomination,
        employeur_adresse_code_postal=c.employer.code_postal,
        employeur_naf=c.employer.naf,
        employeur_code_idcc=c.employer.code_idcc,
        employeur_nombre_de_salaries=str(c.employer.nombre_de_salaries),
        organisme_formation_siret=cfa_siret,
        organisme_formation_uai_cfa=cfa_uai,
        etablissement_formation_siret=c.formateur.siret if c.formateur else "",
        etablissement_formation_uai_cfa=formateur_uai,
        formation_code_diplome="" if "cfd_missing" in c.defects else c.certification.cfd,
        formation_rncp=c.certification.rncp,
        formation_intitule_ou_qualification=c.certification.label,
        formation_date_debut_formation=c.formation_start.isoformat(),
        formation_date_fin_formation=c.end.isoformat(),
        synthetic="true",
    )
    return row


def write_csv(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    """UTF-8 text, `;`, header row, LF, minimal quoting."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, delimiter=";", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def render_deca(contracts: list[Contract]) -> str:
    return write_csv(DECA_COLUMNS, [deca_row(c) for c in contracts])
