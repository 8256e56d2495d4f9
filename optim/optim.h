// optim.h — ember::optim, the optimizers (torch.optim): include this one header.
#pragma once

#include "optim/adadelta.h"
#include "optim/adagrad.h"
#include "optim/adam.h"
#include "optim/adamax.h"
#include "optim/lbfgs.h"
#include "optim/lr_scheduler.h"
#include "optim/lr_scheduler_cyclic.h"
#include "optim/lr_scheduler_plateau.h"
#include "optim/nadam.h"
#include "optim/optimizer.h"
#include "optim/radam.h"
#include "optim/rmsprop.h"
#include "optim/sgd.h"
