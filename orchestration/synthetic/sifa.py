"""SYNTHETIC SIFA rows (DEPP apprentice survey, situation at 31/12), one row per apprentice.

Layout: the exact header of the CSV the Tableau de bord produced for CFAs (sources.md §3.8; TDB
server/src/common/actions/sifa.actions/sifaCsvFields.ts), `;` separator. The header is kept EXACTLY (no label
column), so a loader written for real SIFA files reads this one unchanged; the SYNTHETIC label is carried by the
file name (`sifa_synthetique.csv`), the `PROVENANCE.md` beside it, `NOM`/`PRENOM1`/`ADRESSE` = `SYNTHETIQUE`
and the INE `SYNTH00001A`, `SYNTH00002A`… (11 characters like a real INE, never a real one). Unlike the TDB
export, values are written plainly (no Excel `="…"` wrapping), UTF-8 without BOM, with a header row.

Rows: the synthetic DECA contracts active at 31/12/2024 (started, not ended, not broken by that day), in
contract order; one contract per apprentice.
- `NUMERO_UAI` = UAI of the responsable CFA; `SIT_FORM` = UAI of the formateur (the responsable's own UAI when
  the contract names no separate formateur); `UAI_EPLE` = `NC`; `NAT_STR_JUR` = `NC`; `STATUT` = `APP` (as the
  TDB export). SIFA is produced by the CFA from its own records: the DECA typing defects (wrong UAI letter,
  Luhn-invalid or 13-digit SIRET, missing CFD) do not carry over.
- `DIPLOME` = CFD (8 chars, BCN); `RNCP` only when `DIPLOME` is empty. `DIPLOME` is empty on an exact share of
  rows (calibration.SHARE_SIFA_CFD_MISSING, assumption: CFA records without CFD, ERP `formation_cfd` nullish).
- `DUR_FORM_THEO` months (by diploma level), `DUR_FORM_REELLE` months of the contract, `AN_FORM` `1A`/`2A`/`3A`
  (year of training at 31/12), `DATE_NAIS` `0101YYYY` (ddMMyyyy; only the generated year carries information),
  `SEXE` 1/2, `DATE_DEB_CONT` ddMMyyyy, `DATE_RUPT_CONT` empty (active contracts), `COM_ETAB` = employer postal
  code (what the TDB export put there), `NAF_ETAB`, `NBSAL_EMP`, `SIRET_EMP` (generated employer SIRET).
- Left empty: every other personal field (NOM2, PRENOM2/3, COD_POST, COM_RESID, phones, mails, LIEU_NAIS) and
  the coded fields whose code lists are not documented in shared/docs (TYPE_CFA, REGIME_SCO, PCS, HANDI, NATIO,
  SIT_AV_APP, DIP_OBT, SIT_N_1, ETAB_N_1, TYPE_EMP); `DATE_ENTREE_CFA` empty as in the TDB export.
"""

from __future__ import annotations

import random
from datetime import date

from orchestration.synthetic import SYNTHETIC_MARKER
from orchestration.synthetic import calibration as cal
from orchestration.synthetic.deca import Contract, write_csv

SIFA_HEADER = (
    "INE;NUMERO_UAI;TYPE_CFA;SIT_FORM;UAI_EPLE;NAT_STR_JUR;STATUT;DIPLOME;RNCP;DUR_FORM_THEO;DUR_FORM_REELLE;AN_FORM;"
    "NOM;NOM2;PRENOM1;PRENOM2;PRENOM3;ADRESSE;COD_POST;COM_RESID;TEL_JEUNE;TEL_RESP1_PERSO;TEL_RESP1_PRO;"
    "TEL_RESP2_PERSO;TEL_RESP2_PRO;MAIL_JEUNE;MAIL_RESP1;MAIL_RESP2;DATE_NAIS;LIEU_NAIS;SEXE;REGIME_SCO;PCS;HANDI;"
    "NATIO;SIT_AV_APP;DIP_OBT;SIT_N_1;ETAB_N_1;TYPE_EMP;DATE_ENTREE_CFA;DATE_DEB_CONT;DATE_RUPT_CONT;COM_ETAB;"
    "NAF_ETAB;NBSAL_EMP;SIRET_EMP"
)
SIFA_COLUMNS = tuple(SIFA_HEADER.split(";"))
SIFA_FILE = "sifa_synthetique.csv"


def survey_day() -> date:
    return date(*cal.SURVEY_DATE)


def _months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + (1 if end.day >= start.day else 0)


def sifa_rows(contracts: list[Contract], seed: int) -> list[dict[str, str]]:
    day = survey_day()
    active = [c for c in contracts if c.active_at(day)]
    # A separate stream, so that the SIFA draw never shifts the DECA contracts.
    rng = random.Random(f"sifa-{seed}")
    no_cfd = set(rng.sample(range(len(active)), cal.exact_count(cal.SHARE_SIFA_CFD_MISSING, len(active))))
    width = max(5, len(str(len(active))))
    rows = []
    for k, c in enumerate(active):
        cfd = "" if k in no_cfd else c.certification.cfd
        year_of_training = min((_months_between(c.start, day) - 1) // 12 + 1, max(1, -(-c.theoretical_months // 12)))
        row = dict.fromkeys(SIFA_COLUMNS, "")
        row.update(
            INE=f"SYNTH{k + 1:0{width}d}A",
            NUMERO_UAI=c.cfa.uai,
            SIT_FORM=c.formateur.uai if c.formateur else c.cfa.uai,
            UAI_EPLE="NC",
            NAT_STR_JUR="NC",
            STATUT="APP",
            DIPLOME=cfd,
            RNCP="" if cfd else c.certification.rncp,
            DUR_FORM_THEO=str(c.theoretical_months),
            DUR_FORM_REELLE=str(_months_between(c.start, c.end)),
            AN_FORM=f"{year_of_training}A",
            NOM=SYNTHETIC_MARKER,
            PRENOM1=SYNTHETIC_MARKER,
            ADRESSE=SYNTHETIC_MARKER,
            DATE_NAIS=f"0101{c.birth_year}",
            SEXE=c.sexe,
            DATE_DEB_CONT=c.start.strftime("%d%m%Y"),
            COM_ETAB=c.employer.code_postal,
            NAF_ETAB=c.employer.naf,
            NBSAL_EMP=str(c.employer.nombre_de_salaries),
            SIRET_EMP=c.employer.siret,
        )
        rows.append(row)
    return rows


def render_sifa(contracts: list[Contract], seed: int) -> str:
    return write_csv(SIFA_COLUMNS, sifa_rows(contracts, seed))
