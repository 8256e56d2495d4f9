// train.h — ember::train, the training toolkit: metrics, K-fold splits,
// hyperparameter search, early stopping, training logs and curve plots.
#pragma once

#include "train/checkpoint.h"
#include "train/early_stopping.h"
#include "train/kfold.h"
#include "train/logger.h"
#include "train/metrics.h"
#include "train/plot.h"
#include "train/search.h"
