"""The Keras Sequential topology saved in model.json, so that `tf.loadLayersModel` loads a model the
PyTorch target trained. A generated script describes its layers as Keras's own constructors would
(`Dense(10, name="out")`); these functions write each layer's config as tfjs-layers serializes it
(the TypeScript side: src/compiler/emit/plan/topology.ts), with Keras's defaults filled in and the
keys in tfjs-layers' order, so both targets save the same model.json.
"""

# The tfjs-layers version both targets name in model.json.
KERAS_VERSION = "tfjs-layers 4.22.0"


def _sizes(value, rank):
    """A window size or stride as Keras's list of `rank` numbers (one number stands for all)."""
    return list(value) if isinstance(value, (list, tuple)) else [value] * rank


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


def _convolution(class_name, rank):
    """Keras ConvND (Keras's own Conv1D and Conv2D are one class with a rank): dilation 1."""

    def layer(
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        activation="linear",
        use_bias=True,
        *,
        name,
    ):
        config = {
            "filters": filters,
            "kernel_size": _sizes(kernel_size, rank),
            "strides": _sizes(strides, rank),
            "padding": padding,
            "data_format": "channels_last",
            "dilation_rate": [1] * rank,
            "activation": activation,
            "use_bias": use_bias,
        }
        return _layer(class_name, name, config)

    layer.__name__ = layer.__qualname__ = class_name
    return layer


def _pooling(class_name, rank):
    """Keras MaxPoolingND / AveragePoolingND: strides default to the pool size."""

    def layer(pool_size, strides=None, padding="valid", *, name):
        config = {
            "pool_size": _sizes(pool_size, rank),
            "strides": _sizes(pool_size if strides is None else strides, rank),
            "padding": padding,
            "data_format": "channels_last",
        }
        return _layer(class_name, name, config)

    layer.__name__ = layer.__qualname__ = class_name
    return layer


Conv1D = _convolution("Conv1D", 1)
Conv2D = _convolution("Conv2D", 2)
MaxPooling1D = _pooling("MaxPooling1D", 1)
MaxPooling2D = _pooling("MaxPooling2D", 2)
AveragePooling1D = _pooling("AveragePooling1D", 1)
AveragePooling2D = _pooling("AveragePooling2D", 2)


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
