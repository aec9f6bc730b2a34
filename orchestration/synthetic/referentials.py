"""Real identifier pools for the SYNTHETIC generators, loaded from the shipped samples (data/samples/).

- CFAs: DEPP list "CFA sous convention régionale" (acce/CFASousConvRegionale_latest-UAI.csv, 933 real rows,
  latin-1, sources.md §1.4). Kept: a 14-digit SIRET (DECA needs the responsable CFA SIRET, usages.md §3 rule 5)
  and a commune in a French département (the Geneva CFA and the 98x collectivities are left out: PoEm covers
  départements including the DROM, not the COM). Région = official COG région of the commune's département
  (table below). The 2 real Luhn-invalid SIRETs of the list ("CFA PROMOTRANS") are kept: a real imperfection.
  Académie: not derived (no département→académie table ships with the samples).
- Certifications: Kit apprentissage 2023-12-18 (kit_apprentissage/Kit_apprentissage_20231218.csv, real rows),
  ACTIVE fiches open to apprenticeship (`oui`), CFD left-padded to 8 and present in the BCN
  N_FORMATION_DIPLOME sample. One entry per (CFD, RNCP) couple, with the Kit label (DEPP wording).
- Employers: the SIRENE sample holds 3 closed establishments only, so every employer SIRET is GENERATED:
  SIREN = `000` + 5 random digits + Luhn digit, NIC = `0001` + Luhn digit (14 digits, Luhn-valid). The `000`
  prefix makes them recognisable; they are never looked up and `Employer.generated` is always True.
  NAF rév. 2 and IDCC codes are real codes; their pairing and weights are illustrative (calibration.py).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"

CFA_LIST = Path("acce") / "CFASousConvRegionale_latest-UAI.csv"
KIT = Path("kit_apprentissage") / "Kit_apprentissage_20231218.csv"
BCN_N_FORMATION_DIPLOME = Path("bcn_n_formation_diplome") / "N_FORMATION_DIPLOME.csv"
INSERJEUNES_CFA = Path("inserjeunes_cfa") / "fr-en-inserjeunes-cfa_extract_bretagne_centre.csv"
FIABILISATION = Path("uai_siret_couples") / "fiabilisation.fixture.json"

# Régions (COG, since 2016) and their départements: official INSEE geography, not a sample.
REGIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "01": ("Guadeloupe", ("971",)),
    "02": ("Martinique", ("972",)),
    "03": ("Guyane", ("973",)),
    "04": ("La Réunion", ("974",)),
    "06": ("Mayotte", ("976",)),
    "11": ("Île-de-France", ("75", "77", "78", "91", "92", "93", "94", "95")),
    "24": ("Centre-Val de Loire", ("18", "28", "36", "37", "41", "45")),
    "27": ("Bourgogne-Franche-Comté", ("21", "25", "39", "58", "70", "71", "89", "90")),
    "28": ("Normandie", ("14", "27", "50", "61", "76")),
    "32": ("Hauts-de-France", ("02", "59", "60", "62", "80")),
    "44": ("Grand Est", ("08", "10", "51", "52", "54", "55", "57", "67", "68", "88")),
    "52": ("Pays de la Loire", ("44", "49", "53", "72", "85")),
    "53": ("Bretagne", ("22", "29", "35", "56")),
    "75": ("Nouvelle-Aquitaine", ("16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87")),
    "76": ("Occitanie", ("09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82")),
    "84": ("Auvergne-Rhône-Alpes", ("01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74")),
    "93": ("Provence-Alpes-Côte d'Azur", ("04", "05", "06", "13", "83", "84")),
    "94": ("Corse", ("2A", "2B")),
}
DEPARTEMENT_REGION = {dep: code for code, (_, deps) in REGIONS.items() for dep in deps}


def uai_check_letter(prefix7: str) -> str:
    return UAI_LETTERS[int(prefix7) % 23]


def uai_is_valid(uai: str) -> bool:
    return len(uai) == 8 and uai[:7].isdigit() and uai[7] == uai_check_letter(uai[:7])


def luhn_digit(payload: str) -> str:
    """The digit that makes `payload + digit` Luhn-valid (SIREN, SIRET: identifiers.md §3)."""
    total = 0
    for i, char in enumerate(reversed(payload)):
        digit = int(char) * (2 if i % 2 == 0 else 1)
        total += digit - 9 if digit > 9 else digit
    return str((10 - total % 10) % 10)


def luhn_is_valid(digits: str) -> bool:
    return digits.isdigit() and luhn_digit(digits[:-1]) == digits[-1]


def luhn_complete(partial: str) -> str:
    """`partial` + the digit that makes the whole string Luhn-valid."""
    return partial + luhn_digit(partial)


def departement_of(commune: str) -> str:
    return commune[:3] if commune.startswith("97") else commune[:2]


@dataclass(frozen=True)
class Cfa:
    uai: str
    siret: str
    name: str
    commune: str
    departement: str
    region_code: str
    postal_code: str


@dataclass(frozen=True)
class Certification:
    cfd: str
    rncp: str
    label: str


@dataclass(frozen=True)
class Employer:
    siret: str
    denomination: str
    naf: str
    code_idcc: str
    nombre_de_salaries: int
    code_postal: str
    region_code: str
    generated: bool = True


def load_cfas(samples_dir: Path) -> list[Cfa]:
    """Real CFAs with a SIRET and a French département, sorted by UAI (stable order)."""
    with (samples_dir / CFA_LIST).open(encoding="latin-1", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    cfas = []
    for row in rows:
        siret = row["numero_siren_siret_uai"].strip()
        commune = row["commune"].strip()
        departement = departement_of(commune)
        if len(siret) != 14 or not siret.isdigit() or departement not in DEPARTEMENT_REGION:
            continue
        name = " ".join(p for p in (row["denomination_principale"].strip(), row["patronyme_uai"].strip()) if p)
        cfas.append(
            Cfa(
                uai=row["numero_uai"].strip(),
                siret=siret,
                name=name,
                commune=commune,
                departement=departement,
                region_code=DEPARTEMENT_REGION[departement],
                postal_code=row["code_postal_uai"].strip(),
            )
        )
    return sorted(cfas, key=lambda c: c.uai)


def load_bcn_cfds(samples_dir: Path) -> set[str]:
    with (samples_dir / BCN_N_FORMATION_DIPLOME).open(encoding="latin-1", newline="") as handle:
        return {row["FORMATION_DIPLOME"].strip() for row in csv.DictReader(handle, delimiter=";")}


def load_certifications(samples_dir: Path) -> list[Certification]:
    """Real (CFD, RNCP) couples of the Kit 2023-12-18: ACTIVE, open to apprenticeship, CFD known to the BCN."""
    bcn = load_bcn_cfds(samples_dir)
    with (samples_dir / KIT).open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    couples: dict[tuple[str, str], str] = {}
    for row in rows:
        cfd = row["Code_Diplome"].strip().zfill(8)
        rncp = row["Code_RNCP"].strip()
        if (
            row["Fiche ACTIVE/INACTIVE"].strip() != "ACTIVE"
            or row["Accès à l'apprentissage de la fiche RNCP (oui/non)"].strip() != "oui"
            or cfd not in bcn
            or not rncp.startswith("RNCP")
        ):
            continue
        couples.setdefault((cfd, rncp), row["Intitulé diplôme (DEPP)"].strip())
    return [Certification(cfd, rncp, label) for (cfd, rncp), label in sorted(couples.items())]


def load_interruption_shares(samples_dir: Path) -> list[float]:
    """Real per-CFA "Part contrats apprentissage interrompus" values (%) of the InserJeunes CFA sample."""
    with (samples_dir / INSERJEUNES_CFA).open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    return [float(v) for r in rows if (v := r["Part contrats apprentissage interrompus"].strip())]


def load_fiabilisation_couples(samples_dir: Path) -> list[dict]:
    """The 516 real ERP (UAI, SIRET) couples of the Tableau de bord fixture (sources.md §1.10)."""
    return json.loads((samples_dir / FIABILISATION).read_text(encoding="utf-8"))


def generate_employer_siret(rng, taken: set[str]) -> str:
    """A Luhn-valid SIRET with SIREN prefix `000` (recognisably generated), unique within `taken`."""
    while True:
        siren = luhn_complete(f"000{rng.randrange(100000):05d}")
        siret = luhn_complete(f"{siren}0001")
        if siret not in taken:
            taken.add(siret)
            return siret
