"""Read a spreadsheet of deals (.xlsx or .csv), one deal per row, in the template of
data/templates/deals.csv, into drafts that `circular import` checks and writes."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd

from loader.drafts import DEAL_FIELDS, REPORT_FIELDS, DealDraft
from loader.problems import Problem
from loader.schema import PARTY_ROLES

PARTY_COLUMNS = {"funders": "funder", "recipients": "recipient", "buyers": "buyer", "sellers": "seller",
                 "partners": "partner", "suppliers": "supplier", "requesters": "requester",
                 "counterparties": "counterparty"}
assert set(PARTY_COLUMNS.values()) == set(PARTY_ROLES)
SOURCE_COLUMNS = {"source_title": "title", "source_publisher": "publisher", "source_published": "published",
                  "source_url": "url", "source_language": "language", "source_paywalled": "paywalled",
                  "source_text": "text_file"}  # source_text: a file beside the spreadsheet, holding the source's text
DEAL_COLUMNS = list(dict.fromkeys([*DEAL_FIELDS, *REPORT_FIELDS]))
LINK_COLUMNS = ("part_of", "expands", "amends", "replaces")  # ids of deals this one stands to so
TEMPLATE_COLUMNS = [*[c for c in DEAL_COLUMNS if c not in ("source_id", "excerpt")], *PARTY_COLUMNS,
                    "pays_for", "paid_by", *LINK_COLUMNS, "source_id", *SOURCE_COLUMNS, "excerpt"]
HEADER_ROW = 1


def read_spreadsheet(path: Path) -> tuple[list[DealDraft], list[Problem]]:
    name = path.name
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            frame = pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl")
        elif path.suffix.lower() == ".csv":
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, index_col=False, encoding="utf-8-sig",
                                skip_blank_lines=False)
        else:
            return [], [Problem(name, HEADER_ROW, "-", "not a spreadsheet circular reads",
                                "save it as .xlsx or as CSV (UTF-8)")]
    except (ValueError, OSError, KeyError, zipfile.BadZipFile, pd.errors.ParserError) as error:
        return [], [Problem(name, HEADER_ROW, "-", f"cannot be read ({error})",
                            "open it in a spreadsheet and save it again as .xlsx or CSV UTF-8")]
    columns = [str(c).strip() for c in frame.columns]
    unknown = [c for c in columns if c not in TEMPLATE_COLUMNS and not c.startswith("Unnamed")]
    missing = [c for c in ("type", "status", "summary", "excerpt") if c not in columns]
    problems = [Problem(name, HEADER_ROW, c, "unknown column",
                        "use the columns of data/templates/deals.csv (see data/README.md)") for c in unknown]
    problems += [Problem(name, HEADER_ROW, c, "column missing", "add it (see data/templates/deals.csv)")
                 for c in missing]
    if problems:
        return [], problems
    frame.columns = columns
    drafts = []
    for offset, record in enumerate(frame.to_dict("records")):
        cells = {k: str(v).strip() for k, v in record.items() if k in TEMPLATE_COLUMNS}
        if not any(cells.values()):
            continue
        deal = {c: cells.get(c, "") for c in DEAL_COLUMNS}
        parties = [(role, item.strip()) for column, role in PARTY_COLUMNS.items()
                   for item in cells.get(column, "").split(";") if item.strip()]
        source = {field: cells[column] for column, field in SOURCE_COLUMNS.items() if cells.get(column)}
        drafts.append(DealDraft(
            deal, parties,
            pays_for=[d.strip() for d in cells.get("pays_for", "").split(";") if d.strip()],
            paid_by=[d.strip() for d in cells.get("paid_by", "").split(";") if d.strip()],
            links=[(relation, d.strip()) for relation in LINK_COLUMNS
                   for d in cells.get(relation, "").split(";") if d.strip()],
            source={} if deal["source_id"] else source, origin=name, number=offset + HEADER_ROW + 1,
            columns={role: column for column, role in PARTY_COLUMNS.items()}))
    if not drafts:
        problems.append(Problem(name, HEADER_ROW, "-", "no deal in the file", "fill in one deal per row"))
    return drafts, problems
