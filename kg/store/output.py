"""The output folder as a transaction: a build stages everything, then commits in one rename.

Layout of ``OUT``::

    manifest.json      what the committed build holds: sources (path → sha256), store, digests
    graph.ttl          the union graph, sorted Turtle
    extraction.jsonl   one record per source document
    store -> .kg/store-000007   the Oxigraph store of the committed build (a symlink)
    store.nq           the store of a ``--store memory`` build instead
    .kg/               generations of the store, staged files and the build lock

A build writes a new store generation and staged files under ``.kg/``, then writes
``manifest.json`` atomically: that rename is the commit. Publishing (renaming staged files into
place, pointing ``store`` at the new generation) follows and is finished by the next run if the
process dies in between. A build killed before the commit leaves the previous build intact.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import KgError
from ..fileio import atomic_writer

STATE_DIR = ".kg"
MANIFEST = "manifest.json"
STORE_LINK = "store"
MEMORY_STORE_FILE = "store.nq"
MANIFEST_FORMAT = 1


@dataclass(slots=True)
class Manifest:
    store: str  # "oxigraph" or "memory"
    store_path: str  # relative to OUT
    generation: int
    base_iri: str
    kg_version: str
    mapping_version: int
    ontology: str  # digest of the ontology files loaded
    shapes: str  # digest of the shapes validated against ("" when not validated)
    sources: dict[str, str] = field(default_factory=dict)  # display path → sha256
    previous_store_path: str | None = None
    pending: dict[str, str] = field(default_factory=dict)  # file in OUT → staged file
    remove: list[str] = field(default_factory=list)  # files in OUT that no longer belong
    documents: int = 0
    quads: int = 0
    graph: str = ""  # digest of the fragments graph.ttl was made from
    format: int = MANIFEST_FORMAT

    @classmethod
    def from_json(cls, data: dict) -> Manifest:
        names = set(cls.__dataclass_fields__)
        return cls(**{key: value for key, value in data.items() if key in names})


class OutputFolder:
    """Reads and commits the state of one output folder."""

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self.state = self.root / STATE_DIR

    # -- checks and locking --------------------------------------------------------------------
    def check_writable(self) -> None:
        """Fail before any work if the folder cannot be created or written."""
        if self.root.exists() and not self.root.is_dir():
            raise KgError(f"{self.root}: exists and is not a folder")
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise KgError(f"{self.root}: cannot create output folder ({exc.strerror or exc})"
                          ) from None
        if not os.access(self.root, os.W_OK | os.X_OK):
            raise KgError(f"{self.root}: output folder is not writable")
        link = self.root / STORE_LINK
        if link.exists() and not link.is_symlink():
            raise KgError(f"{link}: exists and is not kg's store link; move it away")
        try:
            self.state.mkdir(exist_ok=True)
            probe = self.state / ".probe"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise KgError(f"{self.state}: not writable ({exc.strerror or exc})") from None

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the folder's build lock (one build at a time per output folder)."""
        import fcntl

        handle = open(self.state / "lock", "a+")  # noqa: SIM115 (held for the whole block)
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise KgError(f"{self.root}: another kg build is writing this folder") from None
            yield
        finally:
            handle.close()

    # -- the committed state -------------------------------------------------------------------
    def manifest(self) -> Manifest | None:
        path = self.root / MANIFEST
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise KgError(f"{path}: unreadable build manifest ({exc}); "
                          "remove the output folder to rebuild") from None
        try:
            manifest = Manifest.from_json(data)
        except TypeError as exc:
            raise KgError(f"{path}: unexpected build manifest ({exc})") from None
        if manifest.format != MANIFEST_FORMAT:
            return None
        return manifest

    def store_path(self, manifest: Manifest) -> Path:
        return self.root / manifest.store_path

    def recover(self) -> None:
        """Finish publishing a committed build (if a run died after its commit) and tidy up."""
        manifest = self.manifest()
        if manifest is None:
            return
        for name, staged in sorted(manifest.pending.items()):
            source = self.root / staged
            if source.exists():
                os.replace(source, self.root / name)
        for name in manifest.remove:
            target = self.root / name
            if target.is_symlink() or target.is_file():
                target.unlink()
        if manifest.store == "oxigraph":
            self._point_store_link(manifest.store_path)
        if manifest.pending or manifest.remove:
            manifest.pending, manifest.remove = {}, []
            self._write_manifest(manifest)
        self.prune(manifest)

    def _point_store_link(self, store_path: str) -> None:
        link = self.root / STORE_LINK
        target = os.path.relpath(self.root / store_path, self.root)
        if link.is_symlink() and os.readlink(link) == target:
            return
        temporary = self.root / f".{STORE_LINK}.link.tmp"
        if temporary.is_symlink() or temporary.exists():
            temporary.unlink()
        os.symlink(target, temporary, target_is_directory=True)
        os.replace(temporary, link)

    def _write_manifest(self, manifest: Manifest) -> None:
        with atomic_writer(self.root / MANIFEST) as handle:
            json.dump(asdict(manifest), handle, ensure_ascii=False, indent=1, sort_keys=True)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())

    def prune(self, manifest: Manifest | None) -> None:
        """Delete store generations and staging folders no committed build refers to.

        The previous generation is kept, so a reader that opened it just before the commit can
        finish its query.
        """
        keep = set()
        if manifest is not None:
            keep = {manifest.store_path, manifest.previous_store_path}
            keep |= {str(Path(staged).parent) for staged in manifest.pending.values()}
        if not self.state.is_dir():
            return
        for entry in self.state.iterdir():
            if not entry.name.startswith(("store-", "stage-")):
                continue
            relative = f"{STATE_DIR}/{entry.name}"
            if relative in keep:
                continue
            shutil.rmtree(entry, ignore_errors=True)

    # -- a new build ---------------------------------------------------------------------------
    def begin(self, previous: Manifest | None) -> Staging:
        """Fresh folders for the next generation (left-overs of a killed build are cleared)."""
        generation = (previous.generation if previous else 0) + 1
        staging = Staging(self, generation)
        for folder in (staging.store_dir, staging.files_dir):
            if folder.exists():
                shutil.rmtree(folder)
        staging.files_dir.mkdir(parents=True)
        return staging

    def commit(self, manifest: Manifest, staging: Staging) -> None:
        """Make the staged build the current one (the manifest rename), then publish it."""
        manifest.pending = {name: staging.relative(path)
                            for name, path in sorted(staging.files.items())}
        if manifest.store == "oxigraph":
            manifest.remove = [MEMORY_STORE_FILE]
        else:
            manifest.remove = [STORE_LINK]
        self._sync_folder(staging.files_dir)
        self._write_manifest(manifest)
        self._sync_folder(self.root)
        self.recover()

    @staticmethod
    def _sync_folder(folder: Path) -> None:
        try:
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)


class Staging:
    """Where one build writes before its commit: a store generation and staged files."""

    def __init__(self, folder: OutputFolder, generation: int):
        self.folder = folder
        self.generation = generation
        self.store_dir = folder.state / f"store-{generation:06d}"
        self.files_dir = folder.state / f"stage-{generation:06d}"
        self.files: dict[str, Path] = {}

    def file(self, name: str) -> Path:
        """The staged path for ``OUT/name`` (published at commit)."""
        path = self.files_dir / name
        self.files[name] = path
        return path

    def relative(self, path: Path) -> str:
        return path.relative_to(self.folder.root).as_posix()

    def discard(self) -> None:
        shutil.rmtree(self.store_dir, ignore_errors=True)
        shutil.rmtree(self.files_dir, ignore_errors=True)
