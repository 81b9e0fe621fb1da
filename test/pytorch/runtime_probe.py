"""Prints what mlpc_runtime computes, as one JSON line, for the cross-language tests.

Usage: runtime_probe.py RUNTIME_DIR REQUEST_JSON
A request is {"kind": ..., ...}, or a list of them (one answer each): "random", "shuffle", "batches", "synthetic", "mnist", "csv", "idx".
Arrays of examples are reported as sha256 digests of their float32 / int32 little-endian bytes.
"""

import hashlib
import json
import sys


def digest(array, dtype):
    return hashlib.sha256(array.astype(dtype).tobytes()).hexdigest()


def describe(splits):
    return {
        name: {
            "features": digest(getattr(splits, name).features, "<f4"),
            "labels": digest(getattr(splits, name).labels, "<i4"),
            "count": getattr(splits, name).count,
            "first_labels": getattr(splits, name).labels[:20].tolist(),
        }
        for name in ("train", "validation", "test")
    } | {"classes": splits.classes}


def main():
    sys.path.insert(0, sys.argv[1])
    import mlpc_runtime as mlpc

    requests = json.loads(sys.argv[2])
    if isinstance(requests, list):
        print(json.dumps([answer(mlpc, request) for request in requests]))
    else:
        print(json.dumps(answer(mlpc, requests)))


def answer(mlpc, request):
    """The runtime's answer to one request."""
    request = dict(request)
    kind = request.pop("kind")
    if kind == "random":
        random = mlpc.seeded_random(request["seed"])
        result = {
            "values": [random() for _ in range(request["count"])],
            "derived": [
                mlpc.derive_seed(request["seed"], s) for s in range(request["streams"])
            ],
        }
    elif kind == "shuffle":
        result = mlpc.shuffled_indices(request["n"], request["seed"]).tolist()
    elif kind == "batches":
        sampler = mlpc.BatchSampler(request["count"], request["batch"], request["seed"])
        result = [sampler.next().tolist() for _ in range(request["batches"])]
    elif kind == "synthetic":
        result = describe(mlpc.make_synthetic(**request))
    elif kind == "mnist":
        result = describe(mlpc.load_mnist(**request))
    elif kind == "csv":
        result = describe(mlpc.load_csv(**request))
    elif kind == "idx":
        result = describe(mlpc.load_idx(**request))
    else:
        raise SystemExit(f"unknown kind {kind}")
    return result


if __name__ == "__main__":
    main()
