// nn.h — everything under ember::nn: modules, layers, functional ops,
// losses, init and weights on disk.
#pragma once

#include "nn/functional.h"
#include "nn/init.h"
#include "nn/model_registry.h"
#include "nn/module.h"
#include "nn/modules/activation.h"
#include "nn/modules/container.h"
#include "nn/modules/conv.h"
#include "nn/modules/dropout.h"
#include "nn/modules/embedding.h"
#include "nn/modules/linear.h"
#include "nn/modules/loss.h"
#include "nn/modules/normalization.h"
#include "nn/modules/pooling.h"
#include "nn/modules/rnn.h"
#include "nn/modules/rnn_cell.h"
#include "nn/serialization.h"
#include "nn/utils/clip_grad.h"
#include "nn/utils/rnn.h"
