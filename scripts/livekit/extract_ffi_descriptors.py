#!/usr/bin/env python3
"""Build a FileDescriptorSet for the LiveKit FFI protocol straight from a `livekit` wheel.

The wheel ships no .proto files, only protoc-generated *_pb2.py modules. Each of them calls
`_descriptor_pool.Default().AddSerializedFile(b'...')` with the serialized FileDescriptorProto
of one .proto file. This script reads those bytes with `ast` (no protobuf import, no code run)
and writes them, in dependency order, as a FileDescriptorSet:

    message FileDescriptorSet { repeated FileDescriptorProto file = 1; }

i.e. each file is emitted as field 1, wire type 2 (tag byte 0x0a), varint length, bytes.
That is all protoc needs for `--descriptor_set_in=SET` plus `--java_out=DIR <file.proto ...>`.

Usage: extract_ffi_descriptors.py WHEEL_OR_DIR OUT.pb [--java-package PKG]
   WHEEL_OR_DIR: the .whl file (a zip) or a directory holding livekit/rtc/_proto/*_pb2.py
   --java-package PKG: set FileOptions.java_package on every file (default: none, so protoc
       uses the proto package `livekit.proto`). Done by appending a second `options` field
       (FileDescriptorProto field 8): protobuf parsers MERGE repeated singular message fields,
       so the existing options (csharp_namespace) are kept.
Prints the .proto file names (in dependency order) on stdout, one per line.
"""
import ast
import sys
import zipfile
from pathlib import Path

PROTO_DIR = "livekit/rtc/_proto/"


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _read_varint(buf: bytes, i: int):
    shift = 0
    val = 0
    while True:
        b = buf[i]
        i += 1
        val |= (b & 0x7F) << shift
        if not b & 0x80:
            return val, i
        shift += 7


def _name_and_deps(fdp: bytes):
    """Minimal FileDescriptorProto parse: field 1 = name, field 3 = dependency (repeated)."""
    name, deps, i = None, [], 0
    while i < len(fdp):
        key, i = _read_varint(fdp, i)
        field, wt = key >> 3, key & 7
        if wt == 2:
            ln, i = _read_varint(fdp, i)
            val = fdp[i:i + ln]
            i += ln
            if field == 1:
                name = val.decode()
            elif field == 3:
                deps.append(val.decode())
        elif wt == 0:
            _, i = _read_varint(fdp, i)
        elif wt == 1:
            i += 8
        elif wt == 5:
            i += 4
        else:
            raise ValueError(f"unexpected wire type {wt}")
    return name, deps


def _serialized_file(source: str, origin: str) -> bytes:
    found = []
    for node in ast.walk(ast.parse(source, origin)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "AddSerializedFile" and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, bytes)):
            found.append(node.args[0].value)
    if len(found) != 1:
        raise SystemExit(f"{origin}: expected one AddSerializedFile(b'...'), found {len(found)}")
    return found[0]


def _sources(src: Path):
    if src.is_file():
        with zipfile.ZipFile(src) as z:
            for n in sorted(z.namelist()):
                if n.startswith(PROTO_DIR) and n.endswith("_pb2.py"):
                    yield n, z.read(n).decode("utf-8")
    else:
        for p in sorted((src / PROTO_DIR).glob("*_pb2.py")):
            yield str(p), p.read_text("utf-8")


def _java_package_option(pkg: str) -> bytes:
    opt = b"\x0a" + _varint(len(pkg.encode())) + pkg.encode()      # FileOptions.java_package = 1
    return b"\x42" + _varint(len(opt)) + opt                        # FileDescriptorProto.options = 8


def main() -> None:
    args = sys.argv[1:]
    java_pkg = None
    if "--java-package" in args:
        i = args.index("--java-package")
        java_pkg = args[i + 1]
        del args[i:i + 2]
    if len(args) != 2:
        raise SystemExit(__doc__)
    src, out = Path(args[0]), Path(args[1])
    files = {}
    for origin, text in _sources(src):
        fdp = _serialized_file(text, origin)
        name, deps = _name_and_deps(fdp)
        files[name] = (fdp, deps)
    if not files:
        raise SystemExit(f"no {PROTO_DIR}*_pb2.py in {src}")

    ordered, seen = [], set()

    def visit(n, stack=()):
        if n in seen:
            return
        if n in stack:
            raise SystemExit(f"import cycle at {n}")
        if n not in files:
            raise SystemExit(f"{stack[-1] if stack else '?'} imports {n}, not in the wheel")
        for d in files[n][1]:
            visit(d, stack + (n,))
        seen.add(n)
        ordered.append(n)

    for n in sorted(files):
        visit(n)

    blob = bytearray()
    for n in ordered:
        fdp = files[n][0]
        if java_pkg:
            fdp = fdp + _java_package_option(java_pkg)
        blob += b"\x0a" + _varint(len(fdp)) + fdp
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(bytes(blob))
    print("\n".join(ordered))


if __name__ == "__main__":
    main()
