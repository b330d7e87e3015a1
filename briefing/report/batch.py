"""Export many briefings to a folder, one PDF (and CSV) per council, using the machine's cores. A failure for
one council is recorded and the batch goes on; the caller reports the failures at the end."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from briefing.data.dataset import Dataset
from briefing.data.loader import load_dataset
from briefing.report.files import ExportCancelled, make_folder
from briefing.report.pdf import ExportOptions, default_file_name, export

Progress = Callable[[int, int, str, str], None]      # (done, total, council code, error message or "")


@dataclass
class BatchResult:
    written: list[Path] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)   # (council code, message)


def batch_file_name(dataset: Dataset, code: str) -> str:
    """'886-kent-briefing.pdf': the code first keeps files sorted and names unique."""
    return f"{code}-{default_file_name(dataset, [code])}"


def export_one(dataset: Dataset, code: str, out_dir: Path, options: ExportOptions,
               cancelled: Callable[[], bool] = lambda: False) -> tuple[str, list[Path], str]:
    try:
        return code, export(dataset, [code], out_dir / batch_file_name(dataset, code), options, cancelled), ""
    except ExportCancelled:
        raise
    except Exception as error:  # noqa: BLE001 - one council's failure must not stop the batch
        return code, [], f"{type(error).__name__}: {error}"


_worker: dict[str, object] = {}


def _start_worker(data_dir: str, layers_dir: str | None, out_dir: str, options: ExportOptions) -> None:
    """A spawned worker (Windows, macOS) loads the dataset once, with the same imported layers."""
    dataset = load_dataset(Path(layers_dir) if layers_dir else None, Path(data_dir), verify=False)
    _worker.update(dataset=dataset, out_dir=Path(out_dir), options=options)


def _run_worker(code: str) -> tuple[str, list[Path], str]:
    return export_one(_worker["dataset"], code, _worker["out_dir"], _worker["options"])  # type: ignore[arg-type]


def worker_pool(dataset: Dataset, out_dir: Path, options: ExportOptions, workers: int, layers_dir: Path | None):
    """Forked workers inherit the loaded dataset; where fork is unavailable they load it themselves."""
    if "fork" in multiprocessing.get_all_start_methods():
        _worker.update(dataset=dataset, out_dir=out_dir, options=options)
        return multiprocessing.get_context("fork").Pool(workers)
    arguments = (str(dataset.data_dir), str(layers_dir) if layers_dir else None, str(out_dir), options)
    return multiprocessing.get_context("spawn").Pool(workers, _start_worker, arguments)


def export_many(dataset: Dataset, codes: Iterable[str], out_dir: Path, options: ExportOptions,
                workers: int | None = None, progress: Progress | None = None,
                layers_dir: Path | None = None, cancelled: Callable[[], bool] = lambda: False) -> BatchResult:
    """One briefing per council in ``out_dir``. ``workers`` processes (default: one per core); 1 = in this
    process (the desktop app's choice: no forking a Qt process), where ``cancelled`` stops the briefing being
    drawn (it is not written) and the rest with ``ExportCancelled``; the briefings already written stay."""
    codes = list(codes)
    out_dir = make_folder(out_dir)
    workers = max(1, min(workers or os.cpu_count() or 1, len(codes) or 1))
    result = BatchResult()

    def record(done: int, outcome: tuple[str, list[Path], str]) -> None:
        code, written, error = outcome
        result.written += written
        if error:
            result.failures.append((code, error))
        if progress:
            progress(done, len(codes), code, error)

    if workers == 1:
        for done, code in enumerate(codes, 1):
            record(done, export_one(dataset, code, out_dir, options, cancelled))
        return result
    with worker_pool(dataset, out_dir, options, workers, layers_dir) as pool:
        for done, outcome in enumerate(pool.imap_unordered(_run_worker, codes), 1):
            record(done, outcome)
    result.failures.sort()
    return result
