// functional_rnn.cpp — recurrent cells, one step (functional_rnn.h), and one
// layer over a whole sequence (rnn_internal.h).
//
// Both split the work the same way: the matrix products are GEMMs, and the
// LSTM/GRU gate arithmetic is one fused kernel per step, forward and
// backward (kernels/cpu/rnn.cpp). Plain RNN cells are one tanh/relu, so they
// use ordinary ops.
#include "nn/functional_rnn.h"

#include "autograd/function.h"
#include "core/dispatch.h"
#include "core/ops.h"
#include "nn/functional_misc.h"
#include "nn/rnn_internal.h"

namespace ember::nn {

namespace {

using autograd::AutogradContext;

Tensor zeros_if_undefined(const Tensor& grad, const Tensor& like) { return grad.defined() ? grad : zeros_like(like); }

// ---- one step: the fused pointwise part as an autograd Function ----

// (h', c') from the gate pre-activations of the input and of the hidden state.
struct LSTMCellPointwise : autograd::Function<LSTMCellPointwise> {
  static TensorList forward(AutogradContext* ctx, const Tensor& input_gates, const Tensor& hidden_gates,
                            const Tensor& cx) {
    Tensor gi = input_gates.contiguous(), gh = hidden_gates.contiguous(), c = cx.contiguous();
    Tensor h_new = empty_like(c), c_new = empty_like(c), workspace = empty_like(gi);
    dispatch::lstm_cell_forward(h_new, c_new, workspace, gi, gh, c);
    ctx->save_for_backward({workspace, c, c_new});
    return {h_new, c_new};
  }
  static TensorList backward(AutogradContext* ctx, TensorList grads) {
    TensorList saved = ctx->get_saved_variables();
    const Tensor &workspace = saved[0], &c = saved[1], &c_new = saved[2];
    Tensor dh = zeros_if_undefined(grads[0], c).contiguous();
    Tensor dc = zeros_if_undefined(grads[1], c).contiguous();
    Tensor grad_gates = empty_like(workspace), grad_cx = empty_like(c);
    dispatch::lstm_cell_backward(grad_gates, grad_cx, dh, dc, workspace, c, c_new);
    // the gates are input_gates + hidden_gates: both get the same gradient
    return {grad_gates, grad_gates, grad_cx};
  }
};

// h' from the gate pre-activations (the hidden ones include b_hh, which r scales).
struct GRUCellPointwise : autograd::Function<GRUCellPointwise> {
  static Tensor forward(AutogradContext* ctx, const Tensor& input_gates, const Tensor& hidden_gates,
                        const Tensor& hx) {
    Tensor gi = input_gates.contiguous(), gh = hidden_gates.contiguous(), h = hx.contiguous();
    Tensor h_new = empty_like(h), workspace = empty({h.size(0), 4 * h.size(1)}, h.options());
    dispatch::gru_cell_forward(h_new, workspace, gi, gh, h);
    ctx->save_for_backward({workspace, h});
    return h_new;
  }
  static TensorList backward(AutogradContext* ctx, TensorList grads) {
    TensorList saved = ctx->get_saved_variables();
    const Tensor &workspace = saved[0], &h = saved[1];
    Tensor dh = grads[0].contiguous();
    Tensor grad_gi = empty({h.size(0), 3 * h.size(1)}, h.options()), grad_gh = empty_like(grad_gi);
    Tensor grad_hx = empty_like(h);
    dispatch::gru_cell_backward(grad_gi, grad_gh, grad_hx, dh, workspace, h);
    return {grad_gi, grad_gh, grad_hx};
  }
};

void check_cell(const char* op, const Tensor& input, const Tensor& hx, const Tensor& weight_ih,
                const Tensor& weight_hh, int64_t gates) {
  EMBER_CHECK(input.defined() && hx.defined() && weight_ih.defined() && weight_hh.defined(), op,
              "input, hx and both weights must be defined");
  EMBER_CHECK(input.dim() == 2 && hx.dim() == 2, op, "expects input (N, input_size) and hx (N, hidden_size), got ",
              shape_str(input.sizes()), " and ", shape_str(hx.sizes()));
  int64_t hidden = hx.size(1);
  EMBER_CHECK(weight_ih.dim() == 2 && weight_ih.size(0) == gates * hidden && weight_ih.size(1) == input.size(1), op,
              "weight_ih ", shape_str(weight_ih.sizes()), " does not fit input ", shape_str(input.sizes()),
              " and hidden size ", hidden, " (expected (", gates * hidden, ", ", input.size(1), "))");
  EMBER_CHECK(weight_hh.dim() == 2 && weight_hh.size(0) == gates * hidden && weight_hh.size(1) == hidden, op,
              "weight_hh ", shape_str(weight_hh.sizes()), " does not fit hx ", shape_str(hx.sizes()),
              " (expected (", gates * hidden, ", ", hidden, "))");
  EMBER_CHECK(input.size(0) == hx.size(0), op, "input batch size ", input.size(0), " doesn't match hx batch size ",
              hx.size(0));
}

}  // namespace

namespace functional {

Tensor rnn_tanh_cell(const Tensor& input, const Tensor& hx, const Tensor& weight_ih, const Tensor& weight_hh,
                     const Tensor& bias_ih, const Tensor& bias_hh) {
  check_cell("rnn_tanh_cell", input, hx, weight_ih, weight_hh, 1);
  return tanh(linear(input, weight_ih, bias_ih) + linear(hx, weight_hh, bias_hh));
}

Tensor rnn_relu_cell(const Tensor& input, const Tensor& hx, const Tensor& weight_ih, const Tensor& weight_hh,
                     const Tensor& bias_ih, const Tensor& bias_hh) {
  check_cell("rnn_relu_cell", input, hx, weight_ih, weight_hh, 1);
  return relu(linear(input, weight_ih, bias_ih) + linear(hx, weight_hh, bias_hh));
}

std::tuple<Tensor, Tensor> lstm_cell(const Tensor& input, const Tensor& hx, const Tensor& cx, const Tensor& weight_ih,
                                     const Tensor& weight_hh, const Tensor& bias_ih, const Tensor& bias_hh) {
  check_cell("lstm_cell", input, hx, weight_ih, weight_hh, 4);
  EMBER_CHECK(cx.defined() && cx.sizes() == hx.sizes(), "lstm_cell", "cx must have hx's shape ",
              shape_str(hx.sizes()), ", got ", cx.defined() ? shape_str(cx.sizes()) : std::string("undefined"));
  TensorList out = LSTMCellPointwise::apply(linear(input, weight_ih, bias_ih), linear(hx, weight_hh, bias_hh), cx);
  return {out[0], out[1]};
}

Tensor gru_cell(const Tensor& input, const Tensor& hx, const Tensor& weight_ih, const Tensor& weight_hh,
                const Tensor& bias_ih, const Tensor& bias_hh) {
  check_cell("gru_cell", input, hx, weight_ih, weight_hh, 3);
  return GRUCellPointwise::apply(linear(input, weight_ih, bias_ih), linear(hx, weight_hh, bias_hh), hx);
}

}  // namespace functional

// ---- a whole layer: backpropagation through time in one autograd node ----

namespace detail {

int64_t gate_count(RecurrentMode mode) {
  switch (mode) {
    case RecurrentMode::Lstm: return 4;
    case RecurrentMode::Gru: return 3;
    default: return 1;
  }
}

namespace {

// The packed layout: step t owns rows [offset[t], offset[t] + batch_sizes[t]);
// `order` is the order the steps run in.
struct Steps {
  std::vector<int64_t> sizes, offsets, order;
  Steps(const std::vector<int64_t>& batch_sizes, bool reverse) : sizes(batch_sizes) {
    int64_t offset = 0;
    for (int64_t b : batch_sizes) {
      offsets.push_back(offset);
      offset += b;
    }
    for (size_t i = 0; i < sizes.size(); ++i) order.push_back(static_cast<int64_t>(reverse ? sizes.size() - 1 - i : i));
  }
};

// The state buffers h (and c) hold one row per sequence. Step t reads and
// rewrites rows [0, b_t): sequences shorter than t + 1 sit in rows >= b_t
// (packing sorts them by decreasing length), so going forward their rows
// keep their last state, and going in reverse rows >= b_t still hold h0
// until the sequence's first (last in time) step. Either way the buffers end
// as h_n, c_n.
//
// With LSTM projections (weight_hr (P, H)) the state h and the output are
// (o tanh c) W_hr^T, of width P, while c keeps width H.
struct RecurrentLayer : autograd::Function<RecurrentLayer> {
  static TensorList forward(AutogradContext* ctx, RecurrentMode mode, const Tensor& input_gates,
                            const Tensor& weight_hh, const Tensor& bias_hh, const Tensor& weight_hr,
                            const Tensor& h0, const Tensor& c0, const std::vector<int64_t>& batch_sizes,
                            bool reverse) {
    const bool lstm = mode == RecurrentMode::Lstm, gru = mode == RecurrentMode::Gru, proj = weight_hr.defined();
    Steps steps(batch_sizes, reverse);
    Tensor gi = input_gates.contiguous(), w_hh_t = weight_hh.t();
    const int64_t rows = gi.size(0), H = lstm ? c0.size(1) : h0.size(1), P = h0.size(1);
    Tensor h = h0.contiguous().clone(), c = lstm ? c0.contiguous().clone() : Tensor();
    Tensor output = empty({rows, P}, gi.options()), h_prev_all = empty_like(output);
    Tensor c_all = lstm ? empty({rows, H}, gi.options()) : Tensor(), c_prev_all = lstm ? empty_like(c_all) : Tensor();
    Tensor workspace = lstm || gru ? empty({rows, 4 * H}, gi.options()) : Tensor();
    Tensor cell_h_all = proj ? empty({rows, H}, gi.options()) : Tensor();  // o tanh(c), before the projection

    for (int64_t t : steps.order) {
      const int64_t b = steps.sizes[t], off = steps.offsets[t];
      Tensor h_t = h.narrow(0, 0, b), out_t = output.narrow(0, off, b), gi_t = gi.narrow(0, off, b);
      h_prev_all.narrow(0, off, b).copy_(h_t);
      // the per-step GEMM: h W_hh^T + b_hh
      Tensor gh = bias_hh.defined() ? addmm(bias_hh, h_t, w_hh_t) : h_t.mm(w_hh_t);
      if (lstm) {
        Tensor c_t = c.narrow(0, 0, b), c_new = c_all.narrow(0, off, b);
        c_prev_all.narrow(0, off, b).copy_(c_t);
        Tensor cell_h = proj ? cell_h_all.narrow(0, off, b) : out_t;
        dispatch::lstm_cell_forward(cell_h, c_new, workspace.narrow(0, off, b), gi_t, gh, c_t);
        c_t.copy_(c_new);
        if (proj) out_t.copy_(cell_h.mm(weight_hr.t()));  // h = (o tanh c) W_hr^T
      } else if (gru) {
        dispatch::gru_cell_forward(out_t, workspace.narrow(0, off, b), gi_t, gh, h_t);
      } else {
        out_t.copy_(mode == RecurrentMode::RnnTanh ? tanh(gi_t + gh) : relu(gi_t + gh));
      }
      h_t.copy_(out_t);
    }

    ctx->saved_data["mode"] = mode;
    ctx->saved_data["steps"] = steps;
    ctx->save_for_backward({weight_hh, output, h_prev_all, workspace, c_all, c_prev_all, weight_hr, cell_h_all});
    if (lstm) return {output, h, c};
    return {output, h};
  }

  static TensorList backward(AutogradContext* ctx, TensorList grads) {
    const auto mode = std::any_cast<RecurrentMode>(ctx->saved_data["mode"]);
    const auto& steps = std::any_cast<const Steps&>(ctx->saved_data["steps"]);
    const bool lstm = mode == RecurrentMode::Lstm, gru = mode == RecurrentMode::Gru;
    TensorList saved = ctx->get_saved_variables();
    const Tensor &weight_hh = saved[0], &output = saved[1], &h_prev_all = saved[2], &workspace = saved[3],
                 &c_all = saved[4], &c_prev_all = saved[5], &weight_hr = saved[6], &cell_h_all = saved[7];
    const bool proj = weight_hr.defined();
    const int64_t rows = output.size(0), P = output.size(1), H = lstm ? c_all.size(1) : P;
    const int64_t G = gate_count(mode) * H, batch = steps.sizes.empty() ? 0 : steps.sizes[0];

    const Tensor& grad_output = grads[0];
    // running gradients of the state buffers, seeded by d h_n (and d c_n)
    Tensor dh = grads[1].defined() ? grads[1].contiguous().clone() : zeros({batch, P}, output.options());
    Tensor dc;
    if (lstm) dc = grads[2].defined() ? grads[2].contiguous().clone() : zeros({batch, H}, output.options());
    // d(hidden gates); for RNN and LSTM it is also d(input gates)
    Tensor d_hidden_gates = empty({rows, G}, output.options());
    Tensor d_input_gates = gru ? empty({rows, G}, output.options()) : d_hidden_gates;
    Tensor d_projected = proj ? empty({rows, P}, output.options()) : Tensor();  // d h per step, for dW_hr

    for (auto it = steps.order.rbegin(); it != steps.order.rend(); ++it) {
      const int64_t t = *it, b = steps.sizes[t], off = steps.offsets[t];
      Tensor dh_t = dh.narrow(0, 0, b), dgh_t = d_hidden_gates.narrow(0, off, b);
      if (grad_output.defined()) dh_t.add_(grad_output.narrow(0, off, b));
      if (lstm) {
        Tensor dc_t = dc.narrow(0, 0, b), d_cell_h = dh_t;
        if (proj) {
          d_projected.narrow(0, off, b).copy_(dh_t);
          d_cell_h = dh_t.mm(weight_hr);  // d(o tanh c) = dh W_hr
        }
        dispatch::lstm_cell_backward(dgh_t, dc_t, d_cell_h, dc_t, workspace.narrow(0, off, b),
                                     c_prev_all.narrow(0, off, b), c_all.narrow(0, off, b));
        dh_t.copy_(dgh_t.mm(weight_hh));  // d h_{t-1} = d gates W_hh
      } else if (gru) {
        // writes z dh (the direct path) into dh_t, then adds the W_hh path
        dispatch::gru_cell_backward(d_input_gates.narrow(0, off, b), dgh_t, dh_t, dh_t, workspace.narrow(0, off, b),
                                    h_prev_all.narrow(0, off, b));
        dh_t.add_(dgh_t.mm(weight_hh));
      } else {
        Tensor h_t = output.narrow(0, off, b);
        // tanh' = 1 - h^2; relu' = [h > 0]
        dgh_t.copy_(mode == RecurrentMode::RnnTanh ? dh_t * (1.0 - h_t * h_t) : dh_t.masked_fill(h_t <= 0, 0.0));
        dh_t.copy_(dgh_t.mm(weight_hh));
      }
    }
    // over all steps at once: dW_hh = sum_t dgates_t^T h_{t-1}, db_hh = sum_t dgates_t
    Tensor grad_weight_hh = ctx->needs_input_grad(2) ? d_hidden_gates.t().mm(h_prev_all) : Tensor();
    Tensor grad_bias_hh = ctx->needs_input_grad(3) ? d_hidden_gates.sum(0) : Tensor();
    // dW_hr = sum_t dh_t^T (o tanh c)_t
    Tensor grad_weight_hr = proj && ctx->needs_input_grad(4) ? d_projected.t().mm(cell_h_all) : Tensor();
    return {Tensor(), d_input_gates, grad_weight_hh, grad_bias_hh, grad_weight_hr, dh, dc, Tensor(), Tensor()};
  }
};

}  // namespace

TensorList recurrent_layer(RecurrentMode mode, const Tensor& input_gates, const Tensor& weight_hh,
                           const Tensor& bias_hh, const Tensor& weight_hr, const Tensor& h0, const Tensor& c0,
                           const std::vector<int64_t>& batch_sizes, bool reverse) {
  return RecurrentLayer::apply(mode, input_gates, weight_hh, bias_hh, weight_hr, h0, c0, batch_sizes, reverse);
}

}  // namespace detail

}  // namespace ember::nn
