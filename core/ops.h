// ops.h — every tensor op ember has, by family. Include this (or ember.h).
#pragma once

#include "core/ops_creation.h"
#include "core/ops_index.h"
#include "core/ops_linalg.h"
#include "core/ops_pointwise.h"
#include "core/ops_random.h"
#include "core/ops_reduce.h"
#include "core/ops_shape.h"
#include "core/ops_sort.h"
#include "core/ops_view.h"
