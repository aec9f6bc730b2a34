"""National-scale inputs in the real formats, cloned from the shipped samples.

Writes a full replacement of the samples directory, `<out>/<same relative path as each Source.sample>`, that the
pipeline reads in offline mode (`REFERENTIELS_SAMPLES_DIR`). For each file of `benchmarks/volumes.py`:

- the shipped rows are the templates: row i of the output is template `order[i % T]` of clone `k = i // T`, so
  the distributions of the sample (columns, placeholders, rows per identifier, ragged rows) are kept;
- identifier columns are detected from the values (UAI, SIRET, SIREN, CFD, MEF, RNCP/RS) and every *valid*
  value is rewritten into a fresh, valid code drawn from one shared pool per identifier type; invalid values
  (bad check letter, Luhn-invalid, placeholders) are kept verbatim, so their share is the sample's;
- the pools are dense and shared: the file's values fill positions `[0, n)` of each pool, so smaller files'
  identifiers are a subset of larger ones' (every UAI exists in ACCE, every SIRET in SIRENE: maximal overlap);
- pairs stay consistent across sources: the first SIRET of a row carrying a UAI is the SIRET paired with that
  UAI, the first RNCP of a row carrying a CFD is the RNCP paired with that CFD, MEF and CFD share the
  5-digit specialty code;
- bytes follow the sample: encoding, BOM, CRLF/LF, separator, quoting (including RNCP's every-field quoting);
- SIRENE's stock file is written by DuckDB (`COPY … FROM range(n)`), streamed, in constant memory.

`--day D --changed-share p` writes day D: day 1 with, for every day d in 2..D, a share p of the rows changed on
day d (deterministic from the seed), so successive days form a realistic daily feed.
"""

from __future__ import annotations

import argparse
import codecs
import copy
import csv
import io
import json
import random
import re
import shutil
import sys
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

from benchmarks.volumes import KEPT, VOLUMES  # noqa: E402
from orchestration.registry import SOURCES, normalise_header  # noqa: E402
from orchestration.synthetic.referentials import (  # noqa: E402
    luhn_digit,
    luhn_is_valid,
    uai_check_letter,
    uai_is_valid,
)

SAMPLES_DIR = PROJECT_DIR / "data" / "samples"
SIRENE_STOCK = "sirene_etablissement/sample_etablissements_OK.csv"
DEPARTMENTS = [f"{d:03d}" for d in range(1, 96) if d != 20] + ["971", "972", "973", "974", "976"]
SPEC_FACTOR = 7919  # coprime with 100 000: j → 5-digit specialty code is a bijection
MASK64 = (1 << 64) - 1

UAI_RE = re.compile(r"^\d{7}[A-Z]$")
SIRET_RE = re.compile(r"^\s*\d{14}$")
CERT_RE = re.compile(r"^(RNCP|RS) ?\d+$")
CFD_RE = re.compile(r"^[0-9]{2}[0-9X][0-9]{4,5}$")
CFD_DASH_RE = re.compile(r"^\d{3}-\d{5}( ?[A-Z])?$")
CFD_HINTS = ("formation_diplome", "diplome", "cfd", "scolarite")


# --- identifier pools: position j → a valid code (injective, no storage) ---------------------------------------


def uai_code(j: int) -> str:
    digits = DEPARTMENTS[j % len(DEPARTMENTS)] + f"{(j // len(DEPARTMENTS)) % 10_000:04d}"
    return digits + uai_check_letter(digits)


def siret_code(j: int) -> str:
    """Two establishments per SIREN; the same formula is written in SQL for the SIRENE stock file."""
    siren8 = f"{10_000_000 + j // 2:08d}"
    payload = siren8 + luhn_digit(siren8) + f"{j % 2 + 1:04d}"
    return payload + luhn_digit(payload)


def spec_code(j: int, seed: int) -> str:
    return f"{(SPEC_FACTOR * j + seed * 104_729) % 100_000:05d}"


def cert_number(j: int) -> int:
    return 10_000 + j


def mix(*values: int) -> float:
    """A deterministic uniform number in [0, 1) from integers (splitmix64)."""
    state = 0
    for value in values:
        state = (state ^ (value & MASK64)) + 0x9E3779B97F4A7C15 & MASK64
        state = (state ^ (state >> 30)) * 0xBF58476D1CE4E5B9 & MASK64
        state = (state ^ (state >> 27)) * 0x94D049BB133111EB & MASK64
        state ^= state >> 31
    return state / 2**64


def change_day(seed: int, salt: int, position: int, day: int, share: float) -> int | None:
    """The last day in 2..day on which row `position` changed, or None (cumulative daily changes)."""
    for d in range(day, 1, -1):
        if mix(seed, salt, position, d) < share:
            return d
    return None


# --- identifier columns and per-row rewriting ------------------------------------------------------------------


def classify(name: str, values: list[str]) -> str | None:
    """Identifier kind of a column from its values (and, for digits-only codes, its name)."""
    filled = [v.strip() for v in values if v and v.strip()]
    if not filled:
        return None

    def share(test) -> float:
        return sum(1 for v in filled if test(v)) / len(filled)

    if share(UAI_RE.match) >= 0.5:
        return "uai"
    if share(SIRET_RE.match) >= 0.5:
        return "siret"
    if share(CERT_RE.match) >= 0.5:
        return "cert"
    if share(CFD_DASH_RE.match) >= 0.5:
        return "cfd"
    if "siren" in name and "siret" not in name and share(lambda v: len(v) == 9 and v.isdigit()) >= 0.5:
        return "siren"
    if "mef" in name and share(lambda v: v.isdigit() and len(v) in (10, 11)) >= 0.5:
        return "mef"
    if "rncp" in name and share(str.isdigit) >= 0.5:
        return "cert_digits"
    if any(hint in name for hint in CFD_HINTS) and share(CFD_RE.match) >= 0.5:
        return "cfd"
    return None


def _spec_of(kind: str, value: str) -> str | None:
    """The 5-digit specialty shared by a CFD and its MEFs, or None for a value that is not a valid code."""
    if kind == "cfd":
        if CFD_DASH_RE.match(value):
            return value[4:9]
        if CFD_RE.match(value):
            return value.zfill(8)[3:8]
        return None
    if kind == "mef" and value.isdigit():
        return value[3:8] if len(value) == 10 else value[6:11] if len(value) == 11 else None
    return None


def _key(kind: str, value: str) -> tuple[str, str] | None:
    """(pool, key) of a valid identifier value; None keeps the value verbatim."""
    stripped = value.strip()
    if kind == "uai":
        return ("uai", stripped) if uai_is_valid(stripped) else None
    if kind == "siret":
        return ("siret", stripped) if len(stripped) == 14 and luhn_is_valid(stripped) else None
    if kind == "siren":
        return ("siren", stripped) if len(stripped) == 9 and luhn_is_valid(stripped) else None
    if kind in ("cfd", "mef"):
        spec = _spec_of(kind, stripped)
        return ("spec", spec) if spec else None
    if kind == "cert":
        return ("cert", re.sub(r"\D", "", stripped)) if CERT_RE.match(stripped) else None
    if kind == "cert_digits":
        return ("cert", stripped) if stripped.isdigit() else None
    return None


@dataclass
class Pools:
    """Per-file index of the template values of each pool; position = offset + k × size + index."""

    seed: int
    clones: int
    index: dict[str, dict[str, int]] = field(default_factory=dict)

    def learn(self, kinds: list[str | None], rows: list[list[str]]) -> None:
        for row in rows:
            for kind, value in zip(kinds, row, strict=False):
                key = _key(kind, value) if kind else None
                if key:
                    self.index.setdefault(key[0], {}).setdefault(key[1], len(self.index.get(key[0], {})))

    def position(self, pool: str, key: str, k: int) -> int:
        values = self.index[pool]
        offset = 0
        if pool == "siret" and "uai" in self.index:  # SIRETs without UAI after those paired with the file's UAIs
            offset = self.clones * len(self.index["uai"])
        if pool == "cert" and "spec" in self.index:
            offset = self.clones * len(self.index["spec"])
        return offset + k * len(values) + values[key]

    def rewrite(self, kinds: list[str | None], row: list[str], k: int) -> list[str]:
        """The row of clone k: valid identifiers replaced, pairs (UAI→SIRET, CFD→RNCP) kept consistent."""
        out = list(row)
        anchors: dict[str, int] = {}  # first UAI / specialty position of the row
        memo: dict[tuple[str, str], str] = {}
        order = sorted(
            range(len(kinds)),
            key=lambda c: ("uai", "cfd", "mef").index(kinds[c]) if kinds[c] in ("uai", "cfd", "mef") else 3,
        )
        for c in order:
            kind = kinds[c]
            if kind is None or c >= len(row):
                continue
            value = row[c]
            key = _key(kind, value)
            if key is None:
                continue
            if (kind, value) in memo:
                out[c] = memo[(kind, value)]
                continue
            pool = key[0]
            paired = {"siret": "uai", "siren": "uai", "cert": "spec"}.get(pool)
            if paired and paired in anchors and f"used_{pool}" not in anchors:
                j = anchors[paired]
                anchors[f"used_{pool}"] = 1
            else:
                j = self.position(pool, key[1], k)
            anchors.setdefault(pool, j)
            out[c] = memo[(kind, value)] = self._code(kind, value, j)
        return out

    def _code(self, kind: str, value: str, j: int) -> str:
        stripped = value.strip()
        if kind == "uai":
            return uai_code(j)
        if kind == "siret":
            return value[: len(value) - len(value.lstrip())] + siret_code(j)
        if kind == "siren":
            return siret_code(j)[:9]
        spec = spec_code(j, self.seed)
        if kind == "cfd":
            if CFD_DASH_RE.match(stripped):
                return stripped[:4] + spec + stripped[9:]
            code = stripped.zfill(8)[:3] + spec
            return code[1:] if len(stripped) == 7 and code[0] == "0" else code
        if kind == "mef":
            return stripped[:3] + spec + stripped[8:] if len(stripped) == 10 else stripped[:6] + spec
        number = cert_number(j)
        if kind == "cert_digits":
            return str(number)
        prefix = re.match(r"^(RNCP|RS) ?", stripped).group(0)
        return f"{prefix}{number}"


# --- sources of a sample file ----------------------------------------------------------------------------------


def _sources_of(rel: str):
    return [s for s in SOURCES.values() if s.sample == rel]


def _key_positions(rel: str, header: list[str]) -> list[int]:
    """Header positions of the business key of the file's source (to keep keys unique)."""
    sources = _sources_of(rel)
    if not sources:
        return []
    source = sources[0]
    normalised = [normalise_header(h) for h in header]
    positions = []
    for name in source.key:
        column = next(c for c in source.columns if c.name == name)
        candidates = [name, *(normalise_header(a) for a in column.aliases)]
        found = next((normalised.index(c) for c in candidates if c in normalised), None)
        if found is None:
            return []
        positions.append(found)
    return positions


def _mutable_column(kinds: list[str | None], rows: list[list[str]], excluded: set[int]) -> int | None:
    """A text column (not an identifier, not in the key) whose value changes on a changed day."""
    for c, kind in enumerate(kinds):
        if kind or c in excluded:
            continue
        values = [r[c] for r in rows if c < len(r)]
        if values and sum(1 for v in values if re.search(r"[A-Za-z]{3}", v)) >= 0.5 * len(values):
            return c
    return None


@dataclass
class Options:
    scale: float
    seed: int
    day: int
    changed_share: float


def target_rows(rel: str, scale: float) -> int:
    return max(1, round(VOLUMES[rel].rows * scale))


# --- CSV -------------------------------------------------------------------------------------------------------


def _csv_layout(rel: str, raw: bytes):
    bom = raw.startswith(codecs.BOM_UTF8)
    body = raw[3:] if bom else raw
    try:
        text, encoding = body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = body.decode("latin-1"), "latin-1"
    first_line = text.split("\n", 1)[0]
    newline = "\r\n" if first_line.endswith("\r") else "\n"
    header_line = first_line.rstrip("\r")
    sources = _sources_of(rel)
    declared = sources[0].separator if sources and sources[0].separator else ";"
    counts = {c: header_line.count(c) for c in (";", ",", "\t", "|")}
    separator = declared if declared in header_line else max(counts, key=counts.get)
    quoting = sources[0].quoting if sources else True
    quote_all = header_line.startswith('"')
    return bom, encoding, text, newline, header_line, separator, quoting, quote_all


def _format_row(values: list[str], separator: str, quoting: bool, quote_all: bool) -> str:
    if quote_all:
        return separator.join('"' + v.replace('"', '""') + '"' if v != "" else "" for v in values)
    if not quoting:
        return separator.join(values)
    return separator.join(
        '"' + v.replace('"', '""') + '"' if (separator in v or '"' in v or "\n" in v or "\r" in v) else v
        for v in values
    )


def generate_csv(rel: str, target: Path, options: Options) -> int:
    raw = (SAMPLES_DIR / rel).read_bytes()
    bom, encoding, text, newline, header_line, separator, quoting, quote_all = _csv_layout(rel, raw)
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=separator,
        quoting=csv.QUOTE_MINIMAL if quoting or quote_all else csv.QUOTE_NONE,
    )
    header = next(reader)
    rows = [row for row in reader if row]
    kinds = [classify(normalise_header(h), [r[c] for r in rows if c < len(r)]) for c, h in enumerate(header)]
    key = _key_positions(rel, header)
    mutable = _mutable_column(kinds, rows, set(key))
    return _write_rows(
        rel,
        target,
        options,
        kinds,
        rows,
        key,
        mutable,
        prefix=(codecs.BOM_UTF8 if bom else b"") + (header_line + newline).encode(encoding),
        encode=lambda values: (_format_row(values, separator, quoting, quote_all) + newline).encode(
            encoding, errors="replace"
        ),
    )


def _write_rows(rel, target, options, kinds, rows, key, mutable, prefix, encode, suffix=b"", joiner=b"") -> int:
    """Clone the template rows up to the file's target volume, streaming to the output file."""
    n = target_rows(rel, options.scale)
    templates = len(rows)
    order = list(range(templates))
    salt = zlib.crc32(rel.encode())
    random.Random(options.seed * 7_919 + salt).shuffle(order)
    pools = Pools(options.seed, clones=-(-n // templates))
    pools.learn(kinds, rows)
    seen: set[tuple] = set()
    written = 0
    i = 0
    with target.open("wb") as handle:
        handle.write(prefix)
        while written < n and i < 3 * n + templates:
            k, t = divmod(i, templates)
            i += 1
            row = pools.rewrite(kinds, rows[order[t]], k)
            if key:
                signature = tuple(row[c] if c < len(row) else None for c in key)
                if signature in seen:
                    continue
                seen.add(signature)
            if mutable is not None and options.day > 1 and mutable < len(row):
                day = change_day(options.seed, salt, written, options.day, options.changed_share)
                if day:
                    row[mutable] = f"{row[mutable]} (j{day})"
            if written and joiner:
                handle.write(joiner)
            handle.write(encode(row))
            written += 1
        handle.write(suffix)
    return written


# --- JSON ------------------------------------------------------------------------------------------------------


def _leaves(value, path: str = ""):
    """(path, container, key) of every string or number leaf; list items share their list's path."""
    if isinstance(value, dict):
        for name, child in value.items():
            child_path = f"{path}.{name}" if path else name
            if isinstance(child, dict | list):
                yield from _leaves(child, child_path)
            elif isinstance(child, str | int) and not isinstance(child, bool):
                yield child_path, value, name
    elif isinstance(value, list):
        for position, child in enumerate(value):
            if isinstance(child, dict | list):
                yield from _leaves(child, path)
            elif isinstance(child, str | int) and not isinstance(child, bool):
                yield path, value, position


def generate_json(rel: str, target: Path, options: Options) -> int:
    raw = (SAMPLES_DIR / rel).read_text(encoding="utf-8")
    document = json.loads(raw)
    sources = _sources_of(rel)
    records_key = sources[0].extra.get("records_key") if sources else None
    if isinstance(document, dict):
        records_key = records_key or next(k for k, v in document.items() if isinstance(v, list))
        records = document[records_key]
    else:
        records = document
    indent_match = re.search(r"\n( +)", raw)
    indent = len(indent_match.group(1)) if indent_match else None
    paths = sorted({path for record in records for path, _, _ in _leaves(record)})
    values = {p: [] for p in paths}
    for record in records:
        for path, container, name in _leaves(record):
            values[path].append(str(container[name]))
    kinds_by_path = {p: classify(normalise_header(p.split(".")[-1]), values[p]) for p in paths}
    typed = [p for p in paths if kinds_by_path[p]]
    key_paths = []
    if sources:
        json_paths = sources[0].extra.get("json_paths", {})
        key_paths = [json_paths.get(name, name) for name in sources[0].key]
    mutable_path = next(
        (
            p
            for p in paths
            if not kinds_by_path[p] and p not in key_paths and re.search(r"[A-Za-z]{3}", " ".join(values[p]))
        ),
        None,
    )

    n = target_rows(rel, options.scale)
    salt = zlib.crc32(rel.encode())
    order = list(range(len(records)))
    random.Random(options.seed * 7_919 + salt).shuffle(order)
    pools = Pools(options.seed, clones=-(-n // len(records)))
    for path in typed:
        pools.learn([kinds_by_path[path]], [[v] for v in values[path]])
    if isinstance(document, dict):
        head, tail = json.dumps({**document, records_key: "\0"}, ensure_ascii=False, indent=indent).split('"\\u0000"')
    else:
        head, tail = "", ""
    seen: set[tuple] = set()
    written, i = 0, 0
    with target.open("w", encoding="utf-8") as handle:
        handle.write(head + "[\n")
        while written < n and i < 3 * n + len(records):
            k, t = divmod(i, len(records))
            i += 1
            record = _rewrite_record(records[order[t]], kinds_by_path, pools, k)
            if key_paths:
                signature = tuple(json.dumps(_get(record, p)) for p in key_paths)
                if signature in seen:
                    continue
                seen.add(signature)
            if mutable_path and options.day > 1:
                day = change_day(options.seed, salt, written, options.day, options.changed_share)
                if day:
                    _suffix(record, mutable_path, f" (j{day})")
            handle.write((",\n" if written else "") + json.dumps(record, ensure_ascii=False, indent=indent))
            written += 1
        handle.write("\n]" + tail + "\n")
    return written


def _rewrite_record(record, kinds_by_path: dict, pools: Pools, k: int):
    """A deep copy of the record, its identifier leaves rewritten as one row (pairs stay consistent)."""
    clone = copy.deepcopy(record)
    slots = [(path, container, name) for path, container, name in _leaves(clone) if kinds_by_path.get(path)]
    kinds = [kinds_by_path[path] for path, _, _ in slots]
    values = [str(container[name]) for _, container, name in slots]
    for (_, container, name), new in zip(slots, pools.rewrite(kinds, values, k), strict=True):
        if str(container[name]) != new:
            container[name] = new
    return clone


def _get(record, path: str):
    value = record
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _suffix(record, path: str, text: str) -> None:
    parts = path.split(".")
    container = record
    for part in parts[:-1]:
        container = container.get(part) if isinstance(container, dict) else None
        if not isinstance(container, dict):
            return
    if isinstance(container.get(parts[-1]), str):
        container[parts[-1]] += text


# --- SIRENE stock: DuckDB, streamed ----------------------------------------------------------------------------

LUHN_SQL = """
create or replace macro luhn_digit(p) as (10 - list_sum(list_transform(range(length(p)), lambda i:
    case when (length(p) - i) % 2 = 1
         then (2 * cast(substr(p, i + 1, 1) as integer)) % 10 + (2 * cast(substr(p, i + 1, 1) as integer)) // 10
         else cast(substr(p, i + 1, 1) as integer) end)) % 10) % 10;
"""


def generate_sirene(rel: str, target: Path, options: Options) -> int:
    import duckdb

    raw = (SAMPLES_DIR / rel).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    header, templates = rows[0], [r for r in rows[1:] if r]
    n = target_rows(rel, options.scale)
    con = duckdb.connect()
    con.execute("set preserve_insertion_order = true")
    con.execute("set enable_progress_bar = false")
    con.execute(LUHN_SQL)
    columns = [f"c{i}" for i in range(len(header))]
    con.execute(f"create table templates (tid integer, {', '.join(f'{c} varchar' for c in columns)})")
    con.executemany(
        f"insert into templates values (?, {', '.join('?' for _ in columns)})",  # noqa: S608 — placeholders only
        [[t, *[v if v != "" else None for v in row]] for t, row in enumerate(templates)],
    )
    changed = "dateDernierTraitementEtablissement"
    day_expr = (
        f"list_max(list_transform(range(2, {options.day + 1}), lambda d: case when "
        f"hash(j, d, {options.seed}) % 1000000 < {int(options.changed_share * 1_000_000)} then d end))"
        if options.day > 1
        else "null"
    )
    select = []
    for c, name in zip(columns, header, strict=True):
        if name == "siren":
            select.append(f'siren as "{name}"')
        elif name == "nic":
            select.append(f'substr(siret, 10, 5) as "{name}"')
        elif name == "siret":
            select.append(f'siret as "{name}"')
        elif name == changed and options.day > 1:
            select.append(
                f"case when changed_day is not null then '2030-01-' || lpad(changed_day::varchar, 2, '0') "
                f"|| 'T00:00:00' else {c} end as \"{name}\""
            )
        else:
            select.append(f'{c} as "{name}"')
    # Column names come from the sample header, numbers from the options: no user input in the query.
    query = f"""
        with ids as (
            select range as j, lpad(cast(10000000 + range // 2 as varchar), 8, '0') as s8 from range({n})
        ), sirens as (
            select j, s8 || luhn_digit(s8)::varchar as siren from ids
        ), sirets as (
            select j, siren, siren || lpad(cast(j % 2 + 1 as varchar), 4, '0') as payload from sirens
        ), rows as (
            select s.j, s.siren, s.payload || luhn_digit(s.payload)::varchar as siret, {day_expr} as changed_day, t.*
            from sirets s join templates t on t.tid = s.j % {len(templates)}
        )
        select {", ".join(select)} from rows order by j
    """  # noqa: S608
    con.execute(f"copy ({query}) to '{target}' (header, delimiter ',', quote '\"')")
    con.close()
    return n


# --- the whole samples directory -------------------------------------------------------------------------------


def generate(out: Path, options: Options, log=print) -> dict[str, tuple[int, float]]:
    """Write every sample file under `out`; returns {relative path: (rows, seconds)}."""
    out.mkdir(parents=True, exist_ok=True)
    report: dict[str, tuple[int, float]] = {}
    for source_file in sorted(p for p in SAMPLES_DIR.rglob("*") if p.is_file()):
        rel = source_file.relative_to(SAMPLES_DIR).as_posix()
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        if rel == SIRENE_STOCK:
            rows = generate_sirene(rel, target, options)
        elif rel in VOLUMES and rel.endswith(".json"):
            rows = generate_json(rel, target, options)
        elif rel in VOLUMES:
            rows = generate_csv(rel, target, options)
        else:  # KEPT files, provenance notes and files no source reads
            shutil.copyfile(source_file, target)
            rows = -1
        report[rel] = (rows, time.perf_counter() - started)
        if rows >= 0:
            log(f"  {rel:<95} {rows:>10} lignes  {report[rel][1]:7.2f} s")
    missing = [s.sample for s in SOURCES.values() if s.sample and not (out / s.sample).exists()]
    if missing:
        raise SystemExit(f"échantillons absents de la sortie : {missing}")
    unplanned = sorted({s.sample for s in SOURCES.values() if s.sample} - set(VOLUMES) - set(KEPT))
    if unplanned:
        log(f"  fichiers copiés tels quels sans volume déclaré : {unplanned}")
    return report


def default_out(scale: float, day: int = 1) -> Path:
    return PROJECT_DIR / "benchmarks" / ".data" / f"scale-{scale:g}" / f"samples-day{day:02d}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=0.01, help="1.0 = volumes nationaux (défaut 0.01)")
    parser.add_argument("--seed", "--base-seed", type=int, default=1, dest="seed")
    parser.add_argument("--day", type=int, default=1, help="jour 1 = base ; jour D = base + changements 2..D")
    parser.add_argument("--changed-share", type=float, default=0.01, help="part des lignes changées par jour")
    parser.add_argument("--out", type=Path, default=None, help="défaut : benchmarks/.data/scale-<s>/samples-dayNN")
    args = parser.parse_args(argv)
    out = args.out or default_out(args.scale, args.day)
    started = time.perf_counter()
    report = generate(out, Options(args.scale, args.seed, args.day, args.changed_share))
    total_rows = sum(rows for rows, _ in report.values() if rows > 0)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(
        f"{out} : {total_rows} lignes, {size / 1e6:.1f} Mo, {time.perf_counter() - started:.1f} s "
        f"(échelle {args.scale:g}, graine {args.seed}, jour {args.day})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
