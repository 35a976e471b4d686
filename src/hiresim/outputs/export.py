"""A result directory's tables for spreadsheets (`export`): CSV files in a directory, or
one Excel workbook with a sheet per table.

The tables are the time series, the runs, the summary and the effects, as `Results`
reads them, and the resolved parameters of every variant (``parameters``). Each file is
written whole or not at all (`hiresim.pipeline.atomic`). In the workbook, a cost per job
without an upper bound is the text ``inf`` (Excel has no infinite number); in CSV it is
``inf`` as well.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..pipeline.atomic import atomic_path, write_csv
from .results import TABLES, Results

__all__ = [
    "EXCEL_ROWS",
    "FORMATS",
    "ExportError",
    "default_destination",
    "export",
    "export_tables",
]

FORMATS = ("csv", "xlsx")
#: Rows of an Excel sheet, the header included.
EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384


class ExportError(ValueError):
    """The export cannot be written as asked; the message says what would do."""


def export_tables(results: Results) -> dict[str, pd.DataFrame]:
    """The tables exported, by sheet or file name."""
    tables = {name: getattr(results, name) for name in TABLES}
    return {**tables, "parameters": results.parameters().reset_index()}


def default_destination(results: Results, fmt: str) -> Path:
    """Where an export goes unless told: ``csv/`` in the result directory, or a
    workbook named after the directory in it."""
    d = results.directory
    return d / "csv" if fmt == "csv" else d / f"{d.resolve().name}.xlsx"


def export(results: Results, fmt: str, out: Path | None = None, overwrite: bool = False
           ) -> list[Path]:
    """Write the tables of ``results`` as ``fmt`` (``csv``: one file per table in the
    directory ``out``; ``xlsx``: the workbook ``out``). Returns the files written.

    Refuses (`ExportError`) to replace existing files unless ``overwrite``, and a table
    too large for an Excel sheet."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    out = out or default_destination(results, fmt)
    tables = export_tables(results)
    if fmt == "csv":
        if out.exists() and not out.is_dir():
            raise ExportError(f"{out}: exists and is not a directory; CSV files go into a "
                              "directory")
        targets = {out / f"{name}.csv": frame for name, frame in tables.items()}
    else:
        if out.is_dir():
            raise ExportError(f"{out}: is a directory; expected the workbook's file name "
                              "(e.g. results.xlsx)")
        for name, frame in tables.items():
            if len(frame) + 1 > EXCEL_ROWS or len(frame.columns) > EXCEL_COLUMNS:
                raise ExportError(f"the {name} table ({len(frame):,} rows, "
                                  f"{len(frame.columns):,} columns) does not fit in an "
                                  "Excel sheet; export it as CSV")
        targets = {out: None}
    existing = [p for p in targets if p.exists()]
    if existing and not overwrite:
        raise ExportError(f"{', '.join(map(str, existing))} already exist(s); choose another "
                          "--out or pass --overwrite to replace")
    if fmt == "csv":
        return [write_csv(path, frame) for path, frame in targets.items()]
    with atomic_path(out) as tmp, pd.ExcelWriter(tmp, engine="openpyxl") as book:
        for name, frame in tables.items():
            frame.to_excel(book, sheet_name=name, index=False, freeze_panes=(1, 0))
    return [out]
