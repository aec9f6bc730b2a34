"""Calibration of the SYNTHETIC contracts: every figure with its source, every assumption named as such.

National volumes (real, published):
- PoEm (Dares) monthly stock of apprenticeship contracts, private + public, Nov 2024: 1 036 750
  (https://poem.travail-emploi.gouv.fr/donnee/contrat-dapprentissage-secteurs-prive-et-public-stocks; peers.md §6).
  Used only to state how many real contracts one synthetic contract active at 31/12 stands for.
- Contracts started per year (Dares): 2022 837 000 (aefinfo.fr dépêche 688464, 2023-03), 2023 852 000
  (rh.newstank.fr article 316833; peers.md §6), 2024 878 900 (Banque des territoires / liti.fr; peers.md §6).
  Used as the weights of the start year.
- Month of start: PoEm series "Contrat d'apprentissage public - entrées", France entière, 2021
  (https://poem.travail-emploi.gouv.fr/donnee/contrat-dapprentissage-public-entrees, page updated 30 Nov 2022).
  PUBLIC SECTOR ONLY (≈3 % of contracts): used as a proxy for the seasonal shape of all starts (September peak);
  the private-sector monthly series was not available offline.

Territorial distribution:
- No per-région or per-département PoEm figure is available offline (PoEm publishes them down to the
  département, but no copy is shipped or stored). PROXY used instead: the number of CFAs per région in the real
  DEPP list "CFA sous convention régionale" (data/samples/acce/, 2021, restricted as in referentials.py).
  A contract's région is drawn with these weights, then its CFA uniformly within the région. The InserJeunes CFA
  sample has no apprentice counts (only rates) and covers two régions, so it cannot serve as a national proxy.
  Replace `region_weights` by PoEm stocks per région when they are shipped.

Imperfection shares of the DECA file (exact counts = round(share × contracts), drawn without replacement):
- `organisme_formation_uai_cfa` with a wrong check letter: 10/516, the invalid UAIs among the 516 real ERP
  couples of the Tableau de bord fixture (uai_siret_couples/fiabilisation.fixture.json; sources.md §1.10),
  recomputed from the file at run time.
- `organisme_formation_siret` failing Luhn (last digit altered): the 14-digit Luhn-invalid SIRETs of the same
  fixture (2/516). The 2 real Luhn-invalid CFA SIRETs of the DEPP list can also be drawn on top of these.
- `employeur_siret` with 13 digits (leading zero lost): the 13-digit SIRETs of the same fixture (2/516).
- `date_effet_rupture` filled (contract broken): mean "Part contrats apprentissage interrompus" of the InserJeunes
  CFA sample (63 non-empty CFA rows, millésime cumul 2018-2019, Bretagne + Centre-Val de Loire), as a proportion.
- ASSUMPTIONS (no public figure; DECA internals are not public, sources.md §3.6):
  `formation_code_diplome` empty 40 % (CFD reported optional in DECA); `etablissement_formation_*` (a
  formateur distinct from the responsable CFA) filled 35 %, and among those `etablissement_formation_uai_cfa`
  empty 25 % (the TDB model only carries the SIRET); `dispositif` = `APPR` on 100 % of rows (no other DECA
  value is documented publicly; TDB keeps only `APPR`); employer size buckets, NAF/IDCC weights, apprentice sex
  (50/50) and age at start per diploma level; 30 % of contracts reuse an employer already drawn in the région;
  SIFA `DIPLOME` empty (so `RNCP` filled) on 5 % of the SIFA rows.
"""

from __future__ import annotations

from pathlib import Path

from orchestration.synthetic import referentials as ref

POEM_STOCK_NOV_2024 = 1_036_750
POEM_STOCK_URL = "https://poem.travail-emploi.gouv.fr/donnee/contrat-dapprentissage-secteurs-prive-et-public-stocks"

STARTS_PER_YEAR = {2022: 837_000, 2023: 852_000, 2024: 878_900}
STARTS_SOURCES = {
    2022: "aefinfo.fr dépêche 688464 (Dares, 2023-03)",
    2023: "rh.newstank.fr article 316833 (Dares); peers.md §6",
    2024: "Banque des territoires / liti.fr (Dares, Feb 2025); peers.md §6",
}

# PoEm "Contrat d'apprentissage public - entrées", France entière, 2021, January → December.
MONTHLY_STARTS_PUBLIC_2021 = (649, 339, 170, 104, 53, 57, 273, 1496, 12067, 4627, 1582, 800)
MONTHLY_STARTS_URL = "https://poem.travail-emploi.gouv.fr/donnee/contrat-dapprentissage-public-entrees"

SURVEY_DATE = (2024, 12, 31)  # SIFA: situation at 31/12 (sources.md §3.8)

SHARE_CFD_MISSING = 0.40  # assumption
SHARE_FORMATEUR_FILLED = 0.35  # assumption
SHARE_FORMATEUR_UAI_EMPTY = 0.25  # assumption, among contracts with a formateur
SHARE_EMPLOYER_REUSED = 0.30  # assumption
SHARE_SIFA_CFD_MISSING = 0.05  # assumption, among SIFA rows (then RNCP is filled instead)

# Employer size (nombre_de_salaries) buckets: (low, high, weight) — assumption.
EMPLOYER_SIZES = ((1, 9, 40), (10, 49, 20), (50, 249, 15), (250, 5000, 25))

# Real NAF rév. 2 codes and real IDCC numbers; pairing and weights are illustrative.
SECTORS = (
    ("4520A", "1090", 10),  # entretien et réparation de véhicules légers / services de l'automobile
    ("5610A", "1979", 12),  # restauration traditionnelle / hôtels, cafés, restaurants
    ("9602A", "2596", 8),  # coiffure / coiffure
    ("1071C", "0843", 8),  # boulangerie-pâtisserie / boulangerie-pâtisserie artisanales
    ("4322A", "1596", 10),  # installation d'eau et de gaz / bâtiment ouvriers jusqu'à 10 salariés
    ("4711D", "2216", 12),  # supermarchés / commerce de détail et de gros à prédominance alimentaire
    ("6201Z", "1486", 10),  # programmation informatique / bureaux d'études techniques (Syntec)
    ("6419Z", "2120", 8),  # autres intermédiations monétaires / banque
    ("2562B", "3248", 10),  # mécanique industrielle / métallurgie
    ("4771Z", "1517", 6),  # commerce de détail d'habillement / commerces de détail non alimentaires
    ("8610Z", "2264", 6),  # activités hospitalières / hospitalisation privée
)

# Per CFD level prefix (CFD[0:3], identifiers.md §5): (theoretical duration in months, age range at start).
# Durations and ages are assumptions (usual lengths of these diplomas by apprenticeship).
LEVELS = {
    "500": (24, 15, 18),  # CAP
    "400": (36, 15, 18),  # BAC PRO
    "010": (12, 17, 20),  # MC
    "461": (12, 17, 20),  # CS niveau 4
    "561": (12, 17, 20),  # CS niveau 3
    "320": (24, 18, 21),  # BTS
}
DEFAULT_LEVEL = (12, 19, 24)


def level_of(cfd: str) -> tuple[int, int, int]:
    return LEVELS.get(cfd[:3], DEFAULT_LEVEL)


def region_weights(cfas: list[ref.Cfa]) -> dict[str, int]:
    """PROXY: number of real CFAs per région (DEPP list), in région-code order."""
    weights: dict[str, int] = {}
    for cfa in cfas:
        weights[cfa.region_code] = weights.get(cfa.region_code, 0) + 1
    return dict(sorted(weights.items()))


def fiabilisation_rates(samples_dir: Path) -> dict[str, tuple[int, int]]:
    """(count, total) of each defect among the real ERP couples of the Tableau de bord fixture."""
    couples = ref.load_fiabilisation_couples(samples_dir)
    total = len(couples)
    sirets = [(c.get("siret") or "") for c in couples]
    return {
        "uai_invalid": (sum(1 for c in couples if not ref.uai_is_valid(c.get("uai") or "")), total),
        "siret_luhn_invalid": (sum(1 for s in sirets if len(s) == 14 and not ref.luhn_is_valid(s)), total),
        "siret_13_digits": (sum(1 for s in sirets if len(s) == 13 and s.isdigit()), total),
    }


def rupture_share(samples_dir: Path) -> float:
    """Mean InserJeunes "Part contrats apprentissage interrompus" (%) → proportion, 3 decimals."""
    values = ref.load_interruption_shares(samples_dir)
    return round(sum(values) / len(values) / 100, 3)


def exact_count(share: float, n: int) -> int:
    return int(round(share * n))
