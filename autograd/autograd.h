// autograd.h — everything a user needs for gradients: grad mode guards,
// backward/grad, custom Functions, gradcheck, and graph nodes (grad_fn).
#pragma once

#include "autograd/engine.h"
#include "autograd/function.h"
#include "autograd/grad_mode.h"
#include "autograd/gradcheck.h"
#include "autograd/node.h"
