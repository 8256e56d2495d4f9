// models.h — ember::models, the model zoo: include this one header.
#pragma once

#include "models/mlp.h"
#include "models/small_cnn.h"
