// functional.h — ember::nn::functional, the stateless twins of the nn layers
// (torch.nn.functional). Use as `namespace F = ember::nn::functional;`.
#pragma once

#include "nn/functional_attention.h"
#include "nn/functional_conv.h"
#include "nn/functional_ctc.h"
#include "nn/functional_embedding_bag.h"
#include "nn/functional_fold.h"
#include "nn/functional_loss.h"
#include "nn/functional_loss_likelihood.h"
#include "nn/functional_loss_margin.h"
#include "nn/functional_lp_pool.h"
#include "nn/functional_misc.h"
#include "nn/functional_norm.h"
#include "nn/functional_pool.h"
#include "nn/functional_rnn.h"
#include "nn/functional_sampling.h"
#include "nn/functional_shrink.h"
