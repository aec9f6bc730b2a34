"""SYNTHETIC DECA / SIFA files: reproducible, exact real layouts, real pools, exact imperfection counts, labelled."""

import csv
from datetime import date
from pathlib import Path

import pytest

from orchestration.synthetic.__main__ import generate

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
DECA = SAMPLES / "synthetic_deca" / "deca_contrats_synthetiques.csv"
SIFA = SAMPLES / "synthetic_sifa" / "sifa_synthetique.csv"
SEED, CONTRACTS = 42, 2000

# Copied from shared/docs/sources.md §3.8 (TDB sifaCsvFields.ts).
SIFA_LAYOUT = (
    "INE;NUMERO_UAI;TYPE_CFA;SIT_FORM;UAI_EPLE;NAT_STR_JUR;STATUT;DIPLOME;RNCP;DUR_FORM_THEO;DUR_FORM_REELLE;AN_FORM;NOM;"
    "NOM2;PRENOM1;PRENOM2;PRENOM3;ADRESSE;COD_POST;COM_RESID;TEL_JEUNE;TEL_RESP1_PERSO;TEL_RESP1_PRO;TEL_RESP2_PERSO;"
    "TEL_RESP2_PRO;MAIL_JEUNE;MAIL_RESP1;MAIL_RESP2;DATE_NAIS;LIEU_NAIS;SEXE;REGIME_SCO;PCS;HANDI;NATIO;SIT_AV_APP;"
    "DIP_OBT;SIT_N_1;ETAB_N_1;TYPE_EMP;DATE_ENTREE_CFA;DATE_DEB_CONT;DATE_RUPT_CONT;COM_ETAB;NAF_ETAB;NBSAL_EMP;SIRET_EMP"
)
UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def uai_ok(uai: str) -> bool:
    return len(uai) == 8 and uai[:7].isdigit() and uai[7] == UAI_LETTERS[int(uai[:7]) % 23]


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        value = int(char) * (2 if i % 2 else 1)
        total += value - 9 if value > 9 else value
    return digits.isdigit() and total % 10 == 0


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


@pytest.fixture(scope="module")
def deca() -> list[dict[str, str]]:
    return read(DECA)


@pytest.fixture(scope="module")
def sifa() -> list[dict[str, str]]:
    return read(SIFA)


@pytest.fixture(scope="module")
def cfa_list() -> tuple[set[str], set[str]]:
    """All UAIs and SIRETs of the real DEPP CFA list, read independently of the generator."""
    with (SAMPLES / "acce" / "CFASousConvRegionale_latest-UAI.csv").open(encoding="latin-1", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    return {r["numero_uai"] for r in rows}, {r["numero_siren_siret_uai"] for r in rows if r["numero_siren_siret_uai"]}


@pytest.fixture(scope="module")
def kit_couples() -> set[tuple[str, str]]:
    path = SAMPLES / "kit_apprentissage" / "Kit_apprentissage_20231218.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {(r["Code_Diplome"].zfill(8), r["Code_RNCP"]) for r in csv.DictReader(handle, delimiter=";")}


def test_regeneration_reproduces_shipped_files_byte_for_byte(tmp_path):
    generate(SEED, CONTRACTS, tmp_path, split=True, samples_dir=SAMPLES)
    for relative in (
        "synthetic_deca/deca_contrats_synthetiques.csv",
        "synthetic_deca/PROVENANCE.md",
        "synthetic_sifa/sifa_synthetique.csv",
        "synthetic_sifa/PROVENANCE.md",
    ):
        assert (tmp_path / relative).read_bytes() == (SAMPLES / relative).read_bytes(), relative


def test_sifa_header_is_the_exact_real_layout():
    raw = SIFA.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8").split("\n", 1)[0] == SIFA_LAYOUT


def test_deca_layout_and_keys(deca):
    assert len(deca) == CONTRACTS
    assert list(deca[0])[-1] == "synthetic"
    keys = [r["no_contrat"] for r in deca]
    assert len(set(keys)) == len(keys) and all(len(k) == 15 for k in keys)


def test_identifiers_come_from_the_real_pools(deca, sifa, cfa_list, kit_couples):
    uais, sirets = cfa_list
    kit_rncps = {rncp for _, rncp in kit_couples}
    for row in deca:
        uai = row["organisme_formation_uai_cfa"]
        assert uai in uais or (not uai_ok(uai) and any(u[:7] == uai[:7] for u in uais))
        siret = row["organisme_formation_siret"]
        assert siret in sirets or (not luhn_ok(siret) and any(s[:13] == siret[:13] for s in sirets))
        assert row["etablissement_formation_siret"] in sirets | {""}
        assert row["etablissement_formation_uai_cfa"] in uais | {""}
        assert row["formation_rncp"] in kit_rncps
        if row["formation_code_diplome"]:
            assert (row["formation_code_diplome"], row["formation_rncp"]) in kit_couples
    for row in sifa:
        assert row["NUMERO_UAI"] in uais and row["SIT_FORM"] in uais
        assert row["DIPLOME"] == "" or any(cfd == row["DIPLOME"] for cfd, _ in kit_couples)


def test_documented_imperfection_shares_hold_exactly(deca, sifa, cfa_list):
    uais, sirets = cfa_list
    count = lambda predicate: sum(1 for r in deca if predicate(r))  # noqa: E731
    assert count(lambda r: r["dispositif"] == "APPR") == CONTRACTS
    assert count(lambda r: r["date_effet_rupture"] != "") == 604 == round(0.302 * CONTRACTS)
    assert count(lambda r: r["formation_code_diplome"] == "") == 800 == round(0.40 * CONTRACTS)
    assert count(lambda r: r["etablissement_formation_siret"] != "") == 700 == round(0.35 * CONTRACTS)
    assert count(lambda r: r["etablissement_formation_siret"] and not r["etablissement_formation_uai_cfa"]) == 175
    assert count(lambda r: r["organisme_formation_uai_cfa"] not in uais) == 39 == round(10 / 516 * CONTRACTS)
    assert count(lambda r: not uai_ok(r["organisme_formation_uai_cfa"])) == 39
    assert count(lambda r: r["organisme_formation_siret"] not in sirets) == 8 == round(2 / 516 * CONTRACTS)
    assert count(lambda r: len(r["employeur_siret"]) == 13) == 8 == round(2 / 516 * CONTRACTS)
    assert len(sifa) == 1073
    assert sum(1 for r in sifa if r["DIPLOME"] == "") == 54 == round(0.05 * len(sifa))


def test_sifa_rows_are_the_contracts_active_at_31_12(deca, sifa):
    day = date(2024, 12, 31)
    active = [
        r
        for r in deca
        if date.fromisoformat(r["date_debut_contrat"]) <= day <= date.fromisoformat(r["date_fin_contrat"])
        and (not r["date_effet_rupture"] or date.fromisoformat(r["date_effet_rupture"]) > day)
    ]
    assert len(active) == len(sifa)
    for contract, row in zip(active, sifa, strict=True):
        assert row["DATE_DEB_CONT"] == date.fromisoformat(contract["date_debut_contrat"]).strftime("%d%m%Y")
        assert contract["employeur_siret"].zfill(14) == row["SIRET_EMP"]


def test_rncp_only_when_no_cfd_and_fixed_sifa_values(sifa):
    for row in sifa:
        assert (row["RNCP"] != "") == (row["DIPLOME"] == "")
        assert (row["UAI_EPLE"], row["NAT_STR_JUR"], row["STATUT"]) == ("NC", "NC", "APP")
        assert row["AN_FORM"] in {"1A", "2A", "3A"} and row["SEXE"] in {"1", "2"}
        assert luhn_ok(row["SIRET_EMP"]) and row["SIRET_EMP"].startswith("000")


def test_every_file_is_labelled_synthetic(deca, sifa):
    assert all(r["synthetic"] == "true" for r in deca)
    assert all(r["alternant_nom"] == r["alternant_prenom"] == "SYNTHETIQUE" for r in deca)
    assert all("SYNTHETIQUE" in r["employeur_denomination"] for r in deca)
    assert all(r["employeur_siret"].startswith("00") for r in deca)
    personal = ("alternant_courriel", "alternant_telephone", "alternant_adresse_voie", "employeur_courriel")
    assert all(r[c] == "" for r in deca for c in personal)
    assert all(r["NOM"] == r["PRENOM1"] == r["ADRESSE"] == "SYNTHETIQUE" for r in sifa)
    assert [r["INE"] for r in sifa] == [f"SYNTH{k:05d}A" for k in range(1, len(sifa) + 1)]
    blank = ("NOM2", "PRENOM2", "PRENOM3", "COD_POST", "COM_RESID", "TEL_JEUNE", "MAIL_JEUNE", "LIEU_NAIS")
    assert all(r[c] == "" for r in sifa for c in blank)
    for directory in ("synthetic_deca", "synthetic_sifa"):
        text = (SAMPLES / directory / "PROVENANCE.md").read_text(encoding="utf-8")
        assert "SYNTHETIC" in text and "--seed 42 --contracts 2000" in text
    assert "synthetique" in DECA.name and "synthetique" in SIFA.name
