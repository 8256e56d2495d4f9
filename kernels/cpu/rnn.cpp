// rnn.cpp — the pointwise part of the LSTM and GRU cells on the CPU, forward
// and backward, fused into one pass over the gates.
//
// The matrix products (x W_ih^T + b_ih, h W_hh^T + b_hh) are done by the
// caller with GEMMs; what is left per time step is a dozen elementwise ops
// that would each read and write (rows, 4H) memory. Here each row is read
// once. Operands are contiguous (rows, width) blocks; torch's gate order:
//   LSTM  gates (rows, 4H) = i, f, g, o
//   GRU   gates (rows, 3H) = r, z, n
// sigmoid and tanh run on whole rows as Eigen arrays, which vectorizes them
// (for float: Eigen's rational approximations, about 1 ulp; double: exp
// vectorized, tanh from the C library).
#include <Eigen/Core>

#include "core/error.h"
#include "kernels/cpu/loops.h"
#include "kernels/dtype_dispatch.h"
#include "kernels/kernels.h"

namespace ember::kernels::cpu {

namespace {

template <class T>
T* rows_of(const TensorRef& t) {
  return static_cast<T*>(t.data);
}

// one gate block of a row, H values, as an Eigen array
template <class T>
using Row = Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1>>;
template <class T>
using ConstRow = Eigen::Map<const Eigen::Array<T, Eigen::Dynamic, 1>>;

// runs body(row) for every row, in parallel when the rows hold enough work
template <class Body>
void for_rows(int64_t rows, int64_t row_work, const Body& body) {
  parallel_for(rows, std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(row_work, 1)),
               [&](int64_t begin, int64_t end) {
                 for (int64_t r = begin; r < end; ++r) body(r);
               });
}

}  // namespace

void lstm_cell_forward(const TensorRef& h_new, const TensorRef& c_new, const TensorRef& workspace,
                       const TensorRef& input_gates, const TensorRef& hidden_gates, const TensorRef& c_prev) {
  const int64_t rows = c_prev.sizes[0], H = c_prev.sizes[1];
  dispatch_float32_64(c_prev.dtype, "lstm_cell", [&]<class T>() {
    for_rows(rows, 4 * H, [&](int64_t r) {
      const T* gi = rows_of<T>(input_gates) + r * 4 * H;
      const T* gh = rows_of<T>(hidden_gates) + r * 4 * H;
      const T* cp = rows_of<T>(c_prev) + r * H;
      T* ws = rows_of<T>(workspace) + r * 4 * H;
      T* c = rows_of<T>(c_new) + r * H;
      T* h = rows_of<T>(h_new) + r * H;
      auto gate = [&](int64_t k) { return ConstRow<T>(gi + k * H, H) + ConstRow<T>(gh + k * H, H); };
      Row<T> i(ws, H), f(ws + H, H), g(ws + 2 * H, H), o(ws + 3 * H, H), c_row(c, H);
      // i, f, o = sigmoid(.), g = tanh(.) of the summed pre-activations
      i = gate(0).logistic();
      f = gate(1).logistic();
      g = gate(2).tanh();
      o = gate(3).logistic();
      // c' = f c + i g,  h' = o tanh(c')
      c_row = f * ConstRow<T>(cp, H) + i * g;
      Row<T>(h, H) = o * c_row.tanh();
    });
  });
}

void lstm_cell_backward(const TensorRef& grad_gates, const TensorRef& grad_c_prev, const TensorRef& grad_h,
                        const TensorRef& grad_c, const TensorRef& workspace, const TensorRef& c_prev,
                        const TensorRef& c_new) {
  const int64_t rows = c_prev.sizes[0], H = c_prev.sizes[1];
  dispatch_float32_64(c_prev.dtype, "lstm_cell backward", [&]<class T>() {
    for_rows(rows, 4 * H, [&](int64_t r) {
      const T* ws = rows_of<T>(workspace) + r * 4 * H;
      const T* cp = rows_of<T>(c_prev) + r * H;
      const T* cn = rows_of<T>(c_new) + r * H;
      const T* dh = rows_of<T>(grad_h) + r * H;
      const T* dc_in = rows_of<T>(grad_c) + r * H;
      T* dg = rows_of<T>(grad_gates) + r * 4 * H;
      T* dc_out = rows_of<T>(grad_c_prev) + r * H;  // may alias grad_c: read before written
      T* tanh_c = dg + 3 * H;                        // scratch until the o-gradient is written
      Row<T>(tanh_c, H) = ConstRow<T>(cn, H).tanh();
      for (int64_t j = 0; j < H; ++j) {
        T i = ws[j], f = ws[H + j], g = ws[2 * H + j], o = ws[3 * H + j];
        T tc = tanh_c[j];
        // dc' = dc (from the next step) + dh o (1 - tanh(c')^2)
        T dc = dc_in[j] + dh[j] * o * (T(1) - tc * tc);
        // through the activations: sigmoid' = s (1 - s), tanh' = 1 - t^2
        dg[j] = dc * g * i * (T(1) - i);
        dg[H + j] = dc * cp[j] * f * (T(1) - f);
        dg[2 * H + j] = dc * i * (T(1) - g * g);
        dg[3 * H + j] = dh[j] * tc * o * (T(1) - o);
        dc_out[j] = dc * f;
      }
    });
  });
}

void gru_cell_forward(const TensorRef& h_new, const TensorRef& workspace, const TensorRef& input_gates,
                      const TensorRef& hidden_gates, const TensorRef& h_prev) {
  const int64_t rows = h_prev.sizes[0], H = h_prev.sizes[1];
  dispatch_float32_64(h_prev.dtype, "gru_cell", [&]<class T>() {
    for_rows(rows, 3 * H, [&](int64_t r) {
      const T* gi = rows_of<T>(input_gates) + r * 3 * H;
      const T* gh = rows_of<T>(hidden_gates) + r * 3 * H;
      const T* hp = rows_of<T>(h_prev) + r * H;
      T* ws = rows_of<T>(workspace) + r * 4 * H;
      T* h = rows_of<T>(h_new) + r * H;
      auto gate = [&](int64_t k) { return ConstRow<T>(gi + k * H, H) + ConstRow<T>(gh + k * H, H); };
      Row<T> rg(ws, H), z(ws + H, H), n(ws + 2 * H, H), hn(ws + 3 * H, H);
      rg = gate(0).logistic();
      z = gate(1).logistic();
      hn = ConstRow<T>(gh + 2 * H, H);
      // n = tanh(W_in x + b_in + r (W_hn h + b_hn)),  h' = (1 - z) n + z h
      n = (ConstRow<T>(gi + 2 * H, H) + rg * hn).tanh();
      Row<T>(h, H) = (T(1) - z) * n + z * ConstRow<T>(hp, H);
    });
  });
}

void gru_cell_backward(const TensorRef& grad_input_gates, const TensorRef& grad_hidden_gates,
                       const TensorRef& grad_h_prev, const TensorRef& grad_h, const TensorRef& workspace,
                       const TensorRef& h_prev) {
  const int64_t rows = h_prev.sizes[0], H = h_prev.sizes[1];
  dispatch_float32_64(h_prev.dtype, "gru_cell backward", [&]<class T>() {
    for_rows(rows, 3 * H, [&](int64_t r) {
      const T* ws = rows_of<T>(workspace) + r * 4 * H;
      const T* hp = rows_of<T>(h_prev) + r * H;
      const T* dh = rows_of<T>(grad_h) + r * H;
      T* dgi = rows_of<T>(grad_input_gates) + r * 3 * H;
      T* dgh = rows_of<T>(grad_hidden_gates) + r * 3 * H;
      T* dhp = rows_of<T>(grad_h_prev) + r * H;  // may alias grad_h: read before written
      for (int64_t j = 0; j < H; ++j) {
        T rg = ws[j], z = ws[H + j], n = ws[2 * H + j], hn = ws[3 * H + j];
        T d = dh[j];
        T dn = d * (T(1) - z) * (T(1) - n * n);  // into n's pre-activation
        T dz = d * (hp[j] - n) * z * (T(1) - z);
        T dr = dn * hn * rg * (T(1) - rg);
        dgi[j] = dr, dgi[H + j] = dz, dgi[2 * H + j] = dn;
        dgh[j] = dr, dgh[H + j] = dz, dgh[2 * H + j] = dn * rg;
        dhp[j] = d * z;  // the direct path h' = ... + z h; the W_hh path is the caller's GEMM
      }
    });
  });
}

}  // namespace ember::kernels::cpu
