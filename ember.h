// ember.h — the umbrella header for users of ember: tensors, ops, autograd,
// random numbers, .npy files, threads, nn, optim and data. Inside the library, include the specific
// headers instead (this one exists for user code only).
#pragma once

#include "autograd/autograd.h"
#include "core/allocator.h"
#include "core/device.h"
#include "core/dtype.h"
#include "core/error.h"
#include "core/generator.h"
#include "core/indexing.h"
#include "core/io_npy.h"
#include "core/ops.h"
#include "core/parallel.h"
#include "core/scalar.h"
#include "core/shape.h"
#include "core/tensor.h"
#include "core/tensor_options.h"
#include "nn/nn.h"
#include "data/data.h"
#include "optim/optim.h"
#include "models/models.h"
#include "train/train.h"
