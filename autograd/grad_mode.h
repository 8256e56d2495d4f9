// grad_mode.h — whether ops record themselves for backward.
//
// Recording is on by default, per thread. NoGradGuard turns it off for a
// scope (optimizer steps, evaluation, weight init), EnableGradGuard turns it
// back on inside one, and InferenceMode is a no-grad scope for pure inference.
#pragma once

namespace ember {

/// True when ops on tensors that require grad record a graph.
bool is_grad_enabled();
void set_grad_enabled(bool enabled);
/// True inside an InferenceMode scope.
bool is_inference_mode_enabled();

class NoGradGuard {
 public:
  NoGradGuard();
  ~NoGradGuard();
  NoGradGuard(const NoGradGuard&) = delete;
  NoGradGuard& operator=(const NoGradGuard&) = delete;

 private:
  bool previous_;
};

class EnableGradGuard {
 public:
  EnableGradGuard();
  ~EnableGradGuard();
  EnableGradGuard(const EnableGradGuard&) = delete;
  EnableGradGuard& operator=(const EnableGradGuard&) = delete;

 private:
  bool previous_;
};

/// No graph is recorded inside the scope (like torch.inference_mode()).
class InferenceMode {
 public:
  explicit InferenceMode(bool enabled = true);
  ~InferenceMode();
  InferenceMode(const InferenceMode&) = delete;
  InferenceMode& operator=(const InferenceMode&) = delete;

 private:
  bool previous_grad_, previous_inference_;
};

}  // namespace ember
