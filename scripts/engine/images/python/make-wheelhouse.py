"""Packs the Python distributions Debian installed into wheels, so that `pip install` works without
PyPI: the stand-in python image points pip at the resulting folder (PIP_FIND_LINKS, PIP_NO_INDEX).

Each installed distribution (dist-info or egg-info under dist-packages) becomes one wheel holding
its files as installed, METADATA with its name and version, a WHEEL file and a RECORD with hashes.
Versions are Debian's, not PyPI's latest."""
import base64
import hashlib
import importlib.metadata as md
import pathlib
import re
import sys
import sysconfig
import zipfile

SITE = pathlib.Path('/usr/lib/python3/dist-packages')
OUT = pathlib.Path(sys.argv[1])
ABI = f"cp{sys.version_info.major}{sys.version_info.minor}"


def norm(name: str) -> str:
    return re.sub(r'[-_.]+', '_', name).lower()


def record_line(arc: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()
    return f"{arc},sha256={digest},{len(data)}"


def candidates(dist: md.Distribution) -> list[pathlib.Path]:
    """The distribution's files: its RECORD (dist-info), else every file of its top-level packages
    and modules (egg-info's SOURCES.txt lists source paths, not installed ones)."""
    if dist.read_text('RECORD'):
        return [pathlib.Path(dist.locate_file(f)) for f in dist.files or []]
    paths: list[pathlib.Path] = []
    for top in (dist.read_text('top_level.txt') or '').split():
        pkg = SITE / top
        if pkg.is_dir():
            paths += sorted(p for p in pkg.rglob('*') if p.is_file())
        paths += sorted(SITE.glob(f"{top}.py")) + sorted(SITE.glob(f"{top}.*.so"))
    return paths


def payload(dist: md.Distribution) -> dict[str, bytes]:
    """Files of the distribution outside its metadata folder, keyed by their path in the wheel."""
    files: dict[str, bytes] = {}
    for path in candidates(dist):
        path = path.resolve()
        try:
            arc = path.relative_to(SITE).as_posix()
        except ValueError:
            continue  # scripts in /usr/bin and data elsewhere: the venv gets entry points instead
        if arc.split('/')[0].endswith(('.dist-info', '.egg-info')) or '__pycache__' in arc or not path.is_file():
            continue
        files[arc] = path.read_bytes()
    return files


def metadata(dist: md.Distribution) -> str:
    # No Requires-Dist: Debian relates packages through its own dependencies, and its Python
    # metadata does not always agree with them (Flask-Migrate 4.0.4 asks for alembic>=1.9 beside
    # Debian's 1.8.1). A requirements file therefore lists the whole closure, as a lock file does.
    return f"Metadata-Version: 2.1\nName: {dist.metadata['Name']}\nVersion: {dist.version}\n"


def entry_points(dist: md.Distribution) -> str:
    return dist.read_text('entry_points.txt') or ''


def build(dist: md.Distribution) -> pathlib.Path | None:
    files = payload(dist)
    if not files:
        return None
    binary = any(a.endswith('.so') for a in files)
    tag = f"{ABI}-{ABI}-{sysconfig.get_platform().replace('-', '_').replace('.', '_')}" if binary else 'py3-none-any'
    name, version = norm(dist.metadata['Name']), dist.version
    info = f"{name}-{version}.dist-info"
    files[f"{info}/METADATA"] = metadata(dist).encode()
    files[f"{info}/WHEEL"] = f"Wheel-Version: 1.0\nGenerator: slipway-standin\nRoot-Is-Purelib: {'false' if binary else 'true'}\nTag: {tag}\n".encode()
    if entry_points(dist):
        files[f"{info}/entry_points.txt"] = entry_points(dist).encode()
    record = [record_line(a, d) for a, d in sorted(files.items())] + [f"{info}/RECORD,,"]
    wheel = OUT / f"{name}-{version}-{tag}.whl"
    with zipfile.ZipFile(wheel, 'w', zipfile.ZIP_DEFLATED) as z:
        for arc, data in sorted(files.items()):
            z.writestr(arc, data)
        z.writestr(f"{info}/RECORD", '\n'.join(record) + '\n')
    return wheel


OUT.mkdir(parents=True, exist_ok=True)
built = [w for d in md.distributions(path=[str(SITE)]) if (w := build(d))]
print(f"{len(built)} wheels in {OUT}")
