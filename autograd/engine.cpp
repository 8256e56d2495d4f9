// engine.cpp — the backward pass.
//
// 1. Walk the graph from the roots with an explicit stack (no recursion: a
//    100,000-node chain must not overflow the C++ stack) and count, for each
//    node, how many edges point into it.
// 2. Seed the roots' input buffers with the output gradients.
// 3. Repeatedly take the ready node (all its incoming gradients summed) with
//    the highest sequence number — the most recently recorded op — run its
//    pre-hooks and apply(), and add each returned gradient into the buffer of
//    the node its edge points to; that node becomes ready when its count
//    drops to zero.
// 4. Unless retain_graph, free each node's saved tensors right after it ran.
//
// For grad(), the nodes of the requested inputs are "capture" points: the
// gradient arriving there is returned instead of accumulated, and only nodes
// on a path to a capture point run.
#include "autograd/engine.h"

#include <algorithm>
#include <queue>
#include <unordered_map>
#include <unordered_set>

#include "autograd/grad_mode.h"
#include "autograd/node.h"
#include "autograd/record.h"
#include "core/ops.h"

namespace ember::autograd {

namespace {

struct ByLatest {
  bool operator()(const Node* a, const Node* b) const { return a->sequence_nr < b->sequence_nr; }
};

struct Capture {
  Node* node;
  uint32_t input_nr;
  size_t result_index;
};

class GraphTask {
 public:
  GraphTask(bool retain_graph, bool create_graph) : retain_graph_(retain_graph), create_graph_(create_graph) {}

  // roots: the edges of the outputs, with their seed gradients
  TensorList run(const std::vector<Edge>& roots, const TensorList& seeds, const std::vector<Capture>& captures,
                 size_t num_results) {
    count_dependencies(roots);
    if (!captures.empty()) mark_needed(captures);
    results_.assign(num_results, Tensor());
    for (const Capture& c : captures) captures_[c.node].push_back(c);

    for (size_t i = 0; i < roots.size(); ++i)
      if (roots[i].valid()) add_gradient(roots[i], seeds[i]);
    for (const Edge& root : roots)
      if (root.valid() && dependencies_[root.function.get()] == 0) schedule(root.function.get());

    // create_graph: the formulas themselves are recorded
    std::optional<NoGradGuard> no_grad;
    std::optional<EnableGradGuard> with_grad;
    if (create_graph_) with_grad.emplace(); else no_grad.emplace();

    while (!ready_.empty()) {
      Node* node = ready_.top();
      ready_.pop();
      TensorList inputs = std::move(buffers_[node]);
      buffers_.erase(node);
      inputs.resize(node->num_outputs);
      for (auto* hooks : {&node->pre_hooks, &node->retain_grad_hooks}) {
        for (auto& [output_nr, hook] : *hooks) {
          if (output_nr >= inputs.size() || !inputs[output_nr].defined()) continue;
          Tensor replaced = hook(inputs[output_nr]);
          if (replaced.defined()) inputs[output_nr] = replaced;
        }
      }
      if (auto it = captures_.find(node); it != captures_.end()) {
        for (const Capture& c : it->second) results_[c.result_index] = inputs[c.input_nr];
        if (dynamic_cast<AccumulateGrad*>(node) != nullptr) {
          finish(node);
          continue;  // grad() never accumulates into .grad()
        }
      }
      TensorList outputs = node->apply(std::move(inputs));
      EMBER_CHECK(outputs.size() == node->next_edges.size() || outputs.empty(), "backward", node->name(),
                  " returned ", outputs.size(), " gradients for ", node->next_edges.size(), " inputs");
      for (size_t i = 0; i < outputs.size(); ++i) {
        const Edge& e = node->next_edges[i];
        if (!e.valid()) continue;
        if (outputs[i].defined()) add_gradient(e, std::move(outputs[i]));
        arrive(e.function.get());
      }
      finish(node);
    }
    return std::move(results_);
  }

 private:
  void count_dependencies(const std::vector<Edge>& roots) {
    std::vector<Node*> stack;
    for (const Edge& e : roots) {
      if (!e.valid() || seen_.count(e.function.get())) continue;
      seen_.insert(e.function.get());
      stack.push_back(e.function.get());
    }
    while (!stack.empty()) {
      Node* n = stack.back();
      stack.pop_back();
      for (const Edge& e : n->next_edges) {
        if (!e.valid()) continue;
        ++dependencies_[e.function.get()];
        if (seen_.insert(e.function.get()).second) stack.push_back(e.function.get());
      }
    }
  }

  // keep only nodes from which a capture point can be reached
  void mark_needed(const std::vector<Capture>& captures) {
    std::unordered_set<Node*> targets;
    for (const Capture& c : captures) targets.insert(c.node);
    // iterative post-order: a node is needed if it is a target or a child is needed
    std::unordered_map<Node*, bool> done;
    std::vector<std::pair<Node*, bool>> stack;
    for (Node* n : seen_) stack.push_back({n, false});
    while (!stack.empty()) {
      auto [n, expanded] = stack.back();
      stack.pop_back();
      if (done.count(n)) continue;
      if (!expanded) {
        stack.push_back({n, true});
        for (const Edge& e : n->next_edges)
          if (e.valid() && !done.count(e.function.get())) stack.push_back({e.function.get(), false});
        continue;
      }
      bool needed = targets.count(n) > 0;
      for (const Edge& e : n->next_edges)
        if (e.valid() && done[e.function.get()]) needed = true;
      done[n] = needed;
      if (needed) needed_.insert(n);
    }
    restrict_to_needed_ = true;
  }

  void add_gradient(const Edge& e, Tensor g) {
    Node* n = e.function.get();
    if (restrict_to_needed_ && !needed_.count(n)) return;
    TensorList& buf = buffers_[n];
    if (buf.size() < n->num_outputs) buf.resize(n->num_outputs);
    Tensor& slot = buf[e.input_nr];
    slot = slot.defined() ? slot + g : std::move(g);
  }

  // one more of n's incoming edges is done
  void arrive(Node* n) {
    auto it = dependencies_.find(n);
    if (it != dependencies_.end() && --it->second > 0) return;
    schedule(n);
  }

  // n's incoming gradients are complete: queue it, or, when no gradient
  // reached it at all, pass the news on to its children so they do not wait
  // for it (iteratively: such chains can be long)
  void schedule(Node* first) {
    std::vector<Node*> work{first};
    while (!work.empty()) {
      Node* n = work.back();
      work.pop_back();
      if (!queued_.insert(n).second) continue;
      if (buffers_.count(n)) {
        ready_.push(n);
        continue;
      }
      for (const Edge& e : n->next_edges)
        if (e.valid() && --dependencies_[e.function.get()] == 0) work.push_back(e.function.get());
    }
  }

  void finish(Node* node) {
    if (!retain_graph_) node->release_saved();
  }

  bool retain_graph_, create_graph_;
  bool restrict_to_needed_ = false;
  std::unordered_set<Node*> seen_, needed_, queued_;
  std::unordered_map<Node*, int64_t> dependencies_;
  std::unordered_map<Node*, TensorList> buffers_;
  std::unordered_map<Node*, std::vector<Capture>> captures_;
  std::priority_queue<Node*, std::vector<Node*>, ByLatest> ready_;
  TensorList results_;
};

// The seed for each output: the given gradient, or ones for a one-element output.
TensorList make_seeds(const TensorList& outputs, const TensorList& grad_outputs, const char* op) {
  EMBER_CHECK(grad_outputs.empty() || grad_outputs.size() == outputs.size(), op, "got ", grad_outputs.size(),
              " gradients for ", outputs.size(), " outputs");
  TensorList seeds;
  for (size_t i = 0; i < outputs.size(); ++i) {
    const Tensor& out = outputs[i];
    EMBER_CHECK(out.defined(), op, "output ", i, " is undefined");
    EMBER_CHECK(out.requires_grad(), op, "element ", i,
                " of tensors does not require grad and does not have a grad_fn");
    Tensor g = grad_outputs.empty() ? Tensor() : grad_outputs[i];
    if (!g.defined()) {
      EMBER_CHECK(out.numel() == 1, op, "grad can be implicitly created only for scalar outputs (output ", i,
                  " has shape ", shape_str(out.sizes()), ")");
      g = ones_like(out);
    } else {
      EMBER_CHECK(g.sizes() == out.sizes(), op, "gradient of shape ", shape_str(g.sizes()),
                  " does not match output ", i, " of shape ", shape_str(out.sizes()));
    }
    seeds.push_back(g);
  }
  return seeds;
}

std::vector<Edge> root_edges(const TensorList& outputs) {
  std::vector<Edge> roots;
  for (const Tensor& out : outputs) roots.push_back(gradient_edge(out));
  return roots;
}

}  // namespace

void backward(const TensorList& outputs, const TensorList& grad_outputs, bool retain_graph, bool create_graph) {
  TensorList seeds = make_seeds(outputs, grad_outputs, "backward");
  std::vector<Edge> roots = root_edges(outputs);  // held: a leaf root's accumulator lives only here
  GraphTask(retain_graph || create_graph, create_graph).run(roots, seeds, {}, 0);
}

TensorList grad(const TensorList& outputs, const TensorList& inputs, const TensorList& grad_outputs,
                std::optional<bool> retain_graph, bool create_graph, bool allow_unused) {
  TensorList seeds = make_seeds(outputs, grad_outputs, "grad");
  // the inputs' edges are held for the whole task: a leaf's AccumulateGrad
  // node may exist only through them
  std::vector<Edge> input_edges;
  std::vector<Capture> captures;
  for (size_t i = 0; i < inputs.size(); ++i) {
    EMBER_CHECK(inputs[i].defined() && inputs[i].requires_grad(), "grad", "input ", i,
                " does not require grad");
    input_edges.push_back(gradient_edge(inputs[i]));
    captures.push_back({input_edges.back().function.get(), input_edges.back().input_nr, i});
  }
  std::vector<Edge> roots = root_edges(outputs);
  TensorList results =
      GraphTask(retain_graph.value_or(create_graph), create_graph).run(roots, seeds, captures, inputs.size());
  for (size_t i = 0; i < results.size(); ++i) {
    EMBER_CHECK(results[i].defined() || allow_unused, "grad", "input ", i,
                " was not used in the graph of the outputs; pass allow_unused=true if this is intended");
  }
  return results;
}

}  // namespace ember::autograd
