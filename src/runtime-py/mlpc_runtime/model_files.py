"""Saved models: tfjs layers-model folders (model.json + its content-addressed weights file) both ways, and the torch file (model-<sha16>.pt, model.pt).

Each weight is (tfjs name `layer/param`, state_dict key, layout); layouts:
  "dense_kernel": Keras [in, units] <-> torch [units, in]
  "conv_kernel": Keras [kh, kw, in, filters] <-> torch [filters, in, kh, kw]
  "conv1d_kernel": Keras [k, in, filters] <-> torch [filters, in, k]
  "same": vectors (bias, gamma, beta, moving statistics)
"""

import json
import os

import numpy as np
import torch

from .data.files import _read_data_file, read_json
from .errors import DataError


# Each kernel layout's Keras axes as torch axes (to_keras permutes by them, from_keras by
# their inverse).
_KERAS_AXES = {
    "dense_kernel": (1, 0),
    "conv_kernel": (2, 3, 1, 0),
    "conv1d_kernel": (2, 1, 0),
}


def _to_keras(tensor, layout):
    axes = _KERAS_AXES.get(layout)
    return tensor if axes is None else tensor.permute(*axes)


def _from_keras(array, layout):
    tensor = torch.from_numpy(np.ascontiguousarray(array))
    axes = _KERAS_AXES.get(layout)
    if axes is None:
        return tensor
    return tensor.permute(*[axes.index(axis) for axis in range(len(axes))])


_KERAS_WEIGHTS = {
    "Dense": (("kernel", "weight", "dense_kernel"), ("bias", "bias", "same")),
    "Conv2D": (("kernel", "weight", "conv_kernel"), ("bias", "bias", "same")),
    "Conv1D": (("kernel", "weight", "conv1d_kernel"), ("bias", "bias", "same")),
    "BatchNormalization": (
        ("gamma", "weight", "same"),
        ("beta", "bias", "same"),
        ("moving_mean", "running_mean", "same"),
        ("moving_variance", "running_var", "same"),
    ),
}


def tfjs_weights(model, topology):
    """Every weight of `model` as (tfjs name `layer/param`, state_dict key, layout), in the
    order of the topology's layers (the order both targets save them in weights.bin).

    A layer's submodule has the layer's name, or the name and `_` where the name is taken
    by Python or nn.Module (a layer named `train`).
    """
    weights = []
    for layer in topology["config"]["layers"]:
        name = layer["config"]["name"]
        attribute = name
        if not isinstance(getattr(model, name, None), torch.nn.Module):
            attribute = f"{name}_"
        for param, torch_name, layout in _KERAS_WEIGHTS.get(layer["class_name"], ()):
            if param == "bias" and not layer["config"].get("use_bias", True):
                continue
            weights.append((f"{name}/{param}", f"{attribute}.{torch_name}", layout))
    return weights


def _replace_file(path, write):
    """Replaces `path` in one rename: `write(stream)` fills a temporary file beside it first.

    The same scheme as src/runtime/replace-file.ts (the temporary file is `.<name>.<pid>-<8 hex>.tmp`):
    a kill leaves the old file or the new one, at worst a temporary file the next save removes.
    """
    folder, name = os.path.split(path)
    temporary = os.path.join(folder, f".{name}.{os.getpid()}-{os.urandom(4).hex()}.tmp")
    try:
        with open(temporary, "wb") as stream:
            write(stream)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


def _weights_file_name(out_dir, data):
    """`weights-<sha8>.bin`, longer only if 8 digits collide with a different file in the folder."""
    import hashlib

    digest = hashlib.sha256(data).hexdigest()
    for digits in range(8, len(digest), 8):
        name = f"weights-{digest[:digits]}.bin"
        path = os.path.join(out_dir, name)
        if not os.path.exists(path):
            return name
        with open(path, "rb") as stream:
            if stream.read() == data:
                return name
    return f"weights-{digest}.bin"


def _is_stale_save_file(name, kept):
    """A weights file, a torch file or a killed save's temporary file that model.json no longer
    needs (`kept`: the files it names, and model.pt)."""
    import re

    if name in kept:
        return False
    if re.fullmatch(r"(weights(-[0-9a-f]+)?\.bin|model-[0-9a-f]+\.pt)", name):
        return True
    return bool(
        re.fullmatch(
            r"\.(model\.json|model(-[0-9a-f]+)?\.pt|weights(-[0-9a-f]+)?\.bin)\.\d+-[0-9a-f]{8}\.tmp",
            name,
        )
    )


def _write_once(out_dir, name, data):
    """A content-addressed file: written (by one rename) unless a save already left it."""
    if not os.path.exists(os.path.join(out_dir, name)):
        _replace_file(os.path.join(out_dir, name), lambda stream: stream.write(data))


def _link_model_pt(out_dir, torch_file):
    """model.pt becomes the torch file model.json names: a hard link replaced by one rename (a
    copy where the file system has no hard links)."""
    target = os.path.join(out_dir, "model.pt")
    temporary = os.path.join(
        out_dir, f".model.pt.{os.getpid()}-{os.urandom(4).hex()}.tmp"
    )
    try:
        os.link(os.path.join(out_dir, torch_file), temporary)
    except OSError:
        with open(os.path.join(out_dir, torch_file), "rb") as stream:
            data = stream.read()
        _replace_file(target, lambda out: out.write(data))
        return
    os.replace(temporary, target)


def save_model(out_dir, model, weights, topology):
    """model.json + weights-<sha8>.bin (float32, little-endian, in `weights` order) + model-<sha16>.pt.

    The scheme of src/runtime/save-model.ts, so a kill at any moment leaves the previous model or the
    new one: the weights and the torch file (model.state_dict()) under new, content-addressed names;
    then model.json, whose manifest names the weights file and whose userDefinedMetadata.torchModel
    names the torch file (its rename is the commit point: model.json and the files it names are one
    save); then model.pt, the usual name, is replaced by a hard link to that torch file; then every
    file model.json does not name and every temporary file of a killed save are removed. After a kill
    between the commit and the model.pt rename, model.pt is still the previous save's: the torch
    file model.json names is the new one.
    """
    import hashlib
    import io

    os.makedirs(out_dir, exist_ok=True)
    state = model.state_dict()
    manifest = []
    chunks = []
    for name, key, layout in weights:
        array = (
            _to_keras(state[key].detach().cpu().float(), layout).contiguous().numpy()
        )
        manifest.append({"name": name, "shape": list(array.shape), "dtype": "float32"})
        chunks.append(array.astype("<f4").tobytes())
    data = b"".join(chunks)
    weights_file = _weights_file_name(out_dir, data)
    _write_once(out_dir, weights_file, data)
    archive = io.BytesIO()
    torch.save({key: value.detach().cpu() for key, value in state.items()}, archive)
    torch_data = archive.getvalue()
    torch_file = f"model-{hashlib.sha256(torch_data).hexdigest()[:16]}.pt"
    _write_once(out_dir, torch_file, torch_data)
    model_json = {
        "format": "layers-model",
        "generatedBy": "mlpc",
        "convertedBy": None,
        "modelTopology": topology,
        "weightsManifest": [{"paths": [weights_file], "weights": manifest}],
        "userDefinedMetadata": {"torchModel": torch_file},
    }
    text = json.dumps(model_json, indent=2) + "\n"
    _replace_file(
        os.path.join(out_dir, "model.json"),
        lambda stream: stream.write(text.encode("utf8")),
    )
    _link_model_pt(out_dir, torch_file)
    kept = {weights_file, torch_file, "model.pt"}
    for name in os.listdir(out_dir):
        if _is_stale_save_file(name, kept):
            os.remove(os.path.join(out_dir, name))


def read_tfjs_weights(folder):
    """{name: float32 numpy array in Keras layout} from a layers-model folder."""
    model_file = os.path.join(folder, "model.json")
    model_json = read_json(model_file, "the model")
    arrays = {}
    for group in model_json.get("weightsManifest", []):
        data = b"".join(
            _read_data_file(os.path.join(folder, path)) for path in group["paths"]
        )
        offset = 0
        for entry in group["weights"]:
            if entry.get("dtype", "float32") != "float32":
                raise DataError(
                    f"{model_file}: weight {entry['name']} is {entry['dtype']}, not float32",
                    model_file,
                )
            count = int(np.prod(entry["shape"])) if entry["shape"] else 1
            if offset + 4 * count > len(data):
                raise DataError(
                    f"{model_file}: the weight files are too short for {entry['name']}",
                    model_file,
                )
            array = np.frombuffer(data, dtype="<f4", count=count, offset=offset)
            arrays[entry["name"]] = array.reshape(entry["shape"]).astype(np.float32)
            offset += 4 * count
    return arrays


@torch.no_grad()
def load_tfjs_weights(folder, model, weights):
    """Sets every weight of the model from a layers-model folder (names `layer/param`, as either
    target saves them); a missing weight or a shape that does not match is a DataError.
    """
    arrays = read_tfjs_weights(folder)
    state = model.state_dict()
    for name, key, layout in weights:
        if name not in arrays:
            raise DataError(f"{folder}/model.json: no weight named {name}", folder)
        value = _from_keras(arrays[name], layout)
        if tuple(value.shape) != tuple(state[key].shape):
            raise DataError(
                f"{folder}/model.json: {name} has shape {list(arrays[name].shape)}, the model needs "
                f"{list(_to_keras(state[key], layout).shape)}",
                folder,
            )
        state[key].copy_(value)
