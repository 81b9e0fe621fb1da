"""Prints what the Python runtime's text_data computes, as one JSON line, for the cross-language tests.

Usage: text_data_probe.py RUNTIME_DIR REQUEST_JSON
A request is a list of {"kind": ...}: "prepare" (nanoGPT prepare.py's computation, written here
independently of text_data), "load_text", "load_tokens", "windows", "eval_windows".
Id arrays are reported as sha256 digests of their little-endian bytes, windows as nested lists.
"""

import hashlib
import json
import sys


def digest(array, dtype):
    return hashlib.sha256(array.astype(dtype).tobytes()).hexdigest()


def failure(error):
    return {"error": str(error), "file": getattr(error, "file", None)}


def answer(td, np, request):
    kind = request["kind"]
    if kind == "prepare":
        # prepare.py: open(...).read(), sorted(set(data)), int(n * 0.9), ids as uint16
        with open(request["path"], "r", encoding="utf-8") as f:
            data = f.read()
        chars = sorted(list(set(data)))
        stoi = {ch: i for i, ch in enumerate(chars)}
        n = len(data)
        train = np.array([stoi[c] for c in data[: int(n * 0.9)]], dtype=np.uint16)
        val = np.array([stoi[c] for c in data[int(n * 0.9) :]], dtype=np.uint16)
        return {
            "vocabulary": "".join(chars),
            "train": {"length": len(train), "sha256": digest(train, "<u2")},
            "validation": {"length": len(val), "sha256": digest(val, "<u2")},
        }
    if kind == "load_text":
        try:
            text = td.load_text(
                request["path"], request["fraction"], request.get("block")
            )
        except td.DataError as error:
            return failure(error)
        return {
            "vocabulary": "".join(text.vocabulary),
            "dtype": str(text.train.dtype),
            "train": {"length": len(text.train), "sha256": digest(text.train, "<u2")},
            "validation": {
                "length": len(text.validation),
                "sha256": digest(text.validation, "<u2"),
            },
            "encoded": text.encode(request.get("encode", "")).tolist(),
            "decoded": text.decode(text.train[:40]),
        }
    if kind == "load_tokens":
        try:
            tokens = td.load_tokens(
                request["train"],
                request["validation"],
                request["dtype"],
                request["vocabulary"],
                request.get("block"),
            )
        except td.DataError as error:
            return failure(error)
        return {
            "memmap": isinstance(tokens.train, np.memmap),
            "train": tokens.train.tolist(),
            "validation": tokens.validation.tolist(),
        }
    ids = td.load_text(request["path"], request["fraction"]).__dict__[request["split"]]
    if kind == "windows":
        sampler = td.WindowSampler(
            ids, request["block"], request["batch"], request["seed"]
        )
        batches = [sampler.next() for _ in range(request["count"])]
    else:
        batches = td.eval_windows(
            ids, request["block"], request["batch"], request["count"], request["seed"]
        )
    assert all(
        x.dtype == np.int64 and x.shape == (request["batch"], request["block"])
        for x, _ in batches
    )
    return [{"x": x.tolist(), "y": y.tolist()} for x, y in batches]


def main():
    sys.path.insert(0, sys.argv[1])
    import numpy as np
    from mlpc_runtime import text_data as td

    print(json.dumps([answer(td, np, request) for request in json.loads(sys.argv[2])]))


if __name__ == "__main__":
    main()
