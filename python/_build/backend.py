"""A minimal PEP 517 backend: the boundcheck package (and the C library
copied beside it) as a wheel, with the standard library only, so that
`pip install --no-build-isolation python/` works with no network."""
import base64
import hashlib
import os
import zipfile

NAME, VERSION = "boundcheck", "0.1.0"
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIST = "%s-%s.dist-info" % (NAME, VERSION)
METADATA = ("Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: Check published convergence "
            "bounds of neural-network optimisation against measurements\n"
            "Requires-Python: >=3.8\n" % (NAME, VERSION))
WHEEL = "Wheel-Version: 1.0\nGenerator: boundcheck-backend\nRoot-Is-Purelib: false\nTag: py3-none-any\n"


def get_requires_for_build_wheel(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    d = os.path.join(metadata_directory, DIST)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "METADATA"), "w") as f:
        f.write(METADATA)
    with open(os.path.join(d, "WHEEL"), "w") as f:
        f.write(WHEEL)
    return DIST


def _record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (name, digest, len(data))


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    wheel = "%s-%s-py3-none-any.whl" % (NAME, VERSION)
    pkg = os.path.join(HERE, NAME)
    files = [(os.path.join(NAME, f), os.path.join(pkg, f)) for f in sorted(os.listdir(pkg))
             if f.endswith(".py") or f == "libboundcheck.so"]
    if not any(f.endswith(".so") for f, _ in files):
        raise RuntimeError("libboundcheck.so is not in python/boundcheck: run `make python-install`")
    record = []
    with zipfile.ZipFile(os.path.join(wheel_directory, wheel), "w", zipfile.ZIP_DEFLATED) as z:
        for arc, src in files:
            data = open(src, "rb").read()
            zi = zipfile.ZipInfo(arc)
            zi.external_attr = (0o755 if arc.endswith(".so") else 0o644) << 16
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
            record.append(_record_line(arc, data))
        for name, text in (("METADATA", METADATA), ("WHEEL", WHEEL)):
            arc = "%s/%s" % (DIST, name)
            z.writestr(arc, text)
            record.append(_record_line(arc, text.encode()))
        record.append("%s/RECORD,," % DIST)
        z.writestr("%s/RECORD" % DIST, "\n".join(record) + "\n")
    return wheel
