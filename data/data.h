// data.h — everything in ember::data (torch.utils.data, torchvision's
// transforms and datasets, the useful part of torchtext), for ember.h.
#pragma once

#include "data/collate.h"
#include "data/dataloader.h"
#include "data/dataset.h"
#include "data/datasets/cifar.h"
#include "data/datasets/coco.h"
#include "data/datasets/coco_mask.h"
#include "data/datasets/image_folder.h"
#include "data/datasets/mnist.h"
#include "data/datasets/tensor_file.h"
#include "data/image_io.h"
#include "data/progress.h"
#include "data/sample.h"
#include "data/sampler.h"
#include "data/text/tokenizer.h"
#include "data/text/vocab.h"
#include "data/transforms/detection.h"
#include "data/transforms/functional.h"
#include "data/transforms/transforms.h"
#include "data/worker_info.h"
