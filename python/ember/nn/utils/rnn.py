"""ember.nn.utils.rnn: PackedSequence and the pack/pad functions (nn/utils/rnn.h)."""
from ..._C.nn.utils.rnn import (PackedSequence, pack_padded_sequence, pack_sequence,  # noqa: F401
                                pad_packed_sequence, pad_sequence)
