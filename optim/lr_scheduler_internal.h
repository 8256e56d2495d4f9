// lr_scheduler_internal.h — helpers the scheduler files share (not installed):
// saving and loading StateFields, and per-group option lists.
#pragma once

#include <string>
#include <vector>

#include "optim/lr_scheduler.h"

namespace ember::optim::detail {

/// Each field as a float64 tensor: a number 0-d, a list 1-d.
nn::StateDict save_fields(const StateFields& fields);

/// Checks the whole dict against the fields (no key missing or unexpected, a
/// number where a number is saved, lists of double as long as the field's),
/// then writes every field. `name` is the scheduler's, for the errors.
void load_fields(const std::string& name, const StateFields& fields, const nn::StateDict& dict);

/// torch's _format_param: one value for every group, or one per group.
std::vector<double> per_group(const std::string& name, const std::string& option, const std::vector<double>& values,
                              size_t groups);

}  // namespace ember::optim::detail
