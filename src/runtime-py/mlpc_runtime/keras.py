"""The Keras Sequential topology saved in model.json, so that `tf.loadLayersModel` loads a model the
PyTorch target trained. A generated script describes its layers as Keras's own constructors would
(`Dense(10, name="out")`); these functions write each layer's config as tfjs-layers serializes it
(the TypeScript side: src/compiler/emit/plan/topology.ts), with Keras's defaults filled in and the
keys in tfjs-layers' order, so both targets save the same model.json.
"""

# The tfjs-layers version both targets name in model.json.
KERAS_VERSION = "tfjs-layers 4.22.0"


def _pair(value):
    return list(value) if isinstance(value, (list, tuple)) else [value, value]


def _layer(class_name, name, config):
    return {"class_name": class_name, "name": name, "config": config}


def Dense(units, activation="linear", use_bias=True, *, name):
    config = {"units": units, "activation": activation, "use_bias": use_bias}
    return _layer("Dense", name, config)


def Dropout(rate, *, name):
    return _layer("Dropout", name, {"rate": rate})


def Activation(activation, *, name):
    return _layer("Activation", name, {"activation": activation})


def Flatten(*, name):
    return _layer("Flatten", name, {})


def _conv(
    class_name, filters, kernel_size, strides, padding, activation, use_bias, name
):
    """Keras ConvND's config; kernel_size and strides as lists of N, dilation 1."""
    config = {
        "filters": filters,
        "kernel_size": kernel_size,
        "strides": strides,
        "padding": padding,
        "data_format": "channels_last",
        "dilation_rate": [1] * len(kernel_size),
        "activation": activation,
        "use_bias": use_bias,
    }
    return _layer(class_name, name, config)


def Conv2D(
    filters,
    kernel_size,
    strides=1,
    padding="valid",
    activation="linear",
    use_bias=True,
    *,
    name,
):
    return _conv(
        "Conv2D",
        filters,
        _pair(kernel_size),
        _pair(strides),
        padding,
        activation,
        use_bias,
        name,
    )


def Conv1D(
    filters,
    kernel_size,
    strides=1,
    padding="valid",
    activation="linear",
    use_bias=True,
    *,
    name,
):
    return _conv(
        "Conv1D",
        filters,
        [kernel_size],
        [strides],
        padding,
        activation,
        use_bias,
        name,
    )


def MaxPooling2D(pool_size, strides=None, padding="valid", *, name):
    config = {
        "pool_size": _pair(pool_size),
        "strides": _pair(pool_size if strides is None else strides),
        "padding": padding,
        "data_format": "channels_last",
    }
    return _layer("MaxPooling2D", name, config)


def AveragePooling2D(pool_size, strides=None, padding="valid", *, name):
    config = {
        "pool_size": _pair(pool_size),
        "strides": _pair(pool_size if strides is None else strides),
        "padding": padding,
        "data_format": "channels_last",
    }
    return _layer("AveragePooling2D", name, config)


def _pooling1d(class_name, pool_size, strides, padding, name):
    config = {
        "pool_size": [pool_size],
        "strides": [pool_size if strides is None else strides],
        "padding": padding,
        "data_format": "channels_last",
    }
    return _layer(class_name, name, config)


def AveragePooling1D(pool_size, strides=None, padding="valid", *, name):
    return _pooling1d("AveragePooling1D", pool_size, strides, padding, name)


def MaxPooling1D(pool_size, strides=None, padding="valid", *, name):
    return _pooling1d("MaxPooling1D", pool_size, strides, padding, name)


def GlobalAveragePooling1D(*, name):
    return _layer("GlobalAveragePooling1D", name, {"data_format": "channels_last"})


def GlobalMaxPooling1D(*, name):
    return _layer("GlobalMaxPooling1D", name, {"data_format": "channels_last"})


def GlobalMaxPooling2D(*, name):
    return _layer("GlobalMaxPooling2D", name, {"data_format": "channels_last"})


def GlobalAveragePooling2D(*, name):
    return _layer("GlobalAveragePooling2D", name, {"data_format": "channels_last"})


def BatchNormalization(momentum=0.99, epsilon=0.001, *, name):
    config = {
        "axis": -1,
        "momentum": momentum,
        "epsilon": epsilon,
        "center": True,
        "scale": True,
    }
    return _layer("BatchNormalization", name, config)


def Sequential(layers, *, input_shape, name):
    """The model's topology as tfjs-layers serializes a Sequential model."""
    serialized = []
    for index, layer in enumerate(layers):
        config = {"name": layer["name"], "trainable": True, "dtype": "float32"}
        if index == 0:
            config["batch_input_shape"] = [None, *input_shape]
        config.update(layer["config"])
        serialized.append({"class_name": layer["class_name"], "config": config})
    return {
        "class_name": "Sequential",
        "config": {"name": name, "layers": serialized},
        "keras_version": KERAS_VERSION,
        "backend": "tensor_flow.js",
    }
