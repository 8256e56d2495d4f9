// ops_einsum.cpp — einsum as a sequence of ordinary ops.
//
// "bij,bjk->bik" names each dim of each operand with a letter. The plan:
//   1. a letter repeated inside one operand ("ii") takes the diagonal;
//   2. a letter used by one operand only, and not in the output, is summed
//      out right away;
//   3. operands are combined left to right: letters in both and still needed
//      later are batch dims, letters in both and not needed are contracted,
//      the rest ride along; one bmm does each step;
//   4. letters not in the output are summed, and the result is permuted into
//      the output order.
// "..." stands for broadcast dims, aligned from the right across operands.
// Without "->", the output is "..." then each letter used once, in ASCII order.
#include <algorithm>
#include <map>
#include <string>

#include "core/ops.h"
#include "core/ops_internal.h"

namespace ember {

namespace {

constexpr const char* kOp = "einsum";
// Labels: letters keep their char code; ellipsis dims get codes from 1000 on.
constexpr int kEllipsisBase = 1000;

struct Term {
  std::vector<int> labels;  // one per dim
  Tensor t;
};

std::vector<int> parse_term(const std::string& s, int64_t ndim, int64_t max_ellipsis, bool& has_ellipsis) {
  std::vector<int> letters_before, letters_after;
  has_ellipsis = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '.') {
      EMBER_CHECK(!has_ellipsis && s.compare(i, 3, "...") == 0, kOp, "malformed ellipsis in '", s, "'");
      has_ellipsis = true;
      i += 2;
      continue;
    }
    EMBER_CHECK((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'), kOp, "invalid subscript '", c, "' in '", s, "'");
    (has_ellipsis ? letters_after : letters_before).push_back(c);
  }
  std::vector<int> labels = letters_before;
  int64_t n_letters = static_cast<int64_t>(letters_before.size() + letters_after.size());
  if (ndim >= 0) {
    int64_t k = ndim - n_letters;
    EMBER_CHECK(has_ellipsis ? k >= 0 : k == 0, kOp, "subscripts '", s, "' do not match an operand with ", ndim,
                " dims");
    for (int64_t e = max_ellipsis - k; e < max_ellipsis; ++e) labels.push_back(kEllipsisBase + static_cast<int>(e));
  } else if (has_ellipsis) {  // the output: all ellipsis dims
    for (int64_t e = 0; e < max_ellipsis; ++e) labels.push_back(kEllipsisBase + static_cast<int>(e));
  }
  labels.insert(labels.end(), letters_after.begin(), letters_after.end());
  return labels;
}

// Sums out the dims whose label is not in `keep`.
void sum_out(Term& term, const std::vector<int>& keep) {
  std::vector<int64_t> dims;
  std::vector<int> rest;
  for (size_t d = 0; d < term.labels.size(); ++d) {
    if (std::find(keep.begin(), keep.end(), term.labels[d]) == keep.end()) dims.push_back(static_cast<int64_t>(d));
    else rest.push_back(term.labels[d]);
  }
  if (dims.empty()) return;
  term.t = sum(term.t, dims);
  term.labels = rest;
}

// Takes diagonals until every label appears once in the term.
void take_diagonals(Term& term) {
  for (size_t i = 0; i < term.labels.size(); ++i) {
    for (size_t j = i + 1; j < term.labels.size(); ++j) {
      if (term.labels[i] != term.labels[j]) continue;
      EMBER_CHECK(term.t.size(i) == term.t.size(j), kOp, "repeated subscript has sizes ", term.t.size(i), " and ",
                  term.t.size(j));
      int label = term.labels[i];
      term.t = term.t.diagonal(0, static_cast<int64_t>(i), static_cast<int64_t>(j));  // diag dim goes last
      term.labels.erase(term.labels.begin() + j);
      term.labels.erase(term.labels.begin() + i);
      term.labels.push_back(label);
      take_diagonals(term);
      return;
    }
  }
}

int64_t position(const std::vector<int>& labels, int label) {
  return std::find(labels.begin(), labels.end(), label) - labels.begin();
}

// Combines two terms; `needed` lists labels used by the output or later operands.
Term contract(Term a, Term b, const std::vector<int>& needed) {
  auto in = [](const std::vector<int>& v, int l) { return std::find(v.begin(), v.end(), l) != v.end(); };
  std::vector<int> batch, left, contracted, right;
  for (int l : a.labels) {
    if (in(b.labels, l)) (in(needed, l) ? batch : contracted).push_back(l);
    else left.push_back(l);
  }
  for (int l : b.labels)
    if (!in(a.labels, l)) right.push_back(l);
  // broadcast sizes of shared labels (a size-1 dim stretches)
  std::map<int, int64_t> size;
  for (size_t d = 0; d < a.labels.size(); ++d) size[a.labels[d]] = a.t.size(static_cast<int64_t>(d));
  for (size_t d = 0; d < b.labels.size(); ++d) {
    int64_t s = b.t.size(static_cast<int64_t>(d));
    int64_t& have = size.try_emplace(b.labels[d], s).first->second;
    EMBER_CHECK(have == s || have == 1 || s == 1, kOp, "subscript '", static_cast<char>(b.labels[d] % 256),
                "' has sizes ", have, " and ", s);
    have = std::max(have, s);
  }
  auto arrange = [&](const Term& t, std::vector<int> order) {
    Shape perm, sizes;
    for (int l : order) {
      perm.push_back(position(t.labels, l));
      sizes.push_back(size[l]);
    }
    return t.t.permute(perm).expand(sizes);
  };
  auto prod = [&](const std::vector<int>& ls) {
    int64_t n = 1;
    for (int l : ls) n *= size[l];
    return n;
  };
  std::vector<int> order_a = batch, order_b = batch;
  order_a.insert(order_a.end(), left.begin(), left.end());
  order_a.insert(order_a.end(), contracted.begin(), contracted.end());
  order_b.insert(order_b.end(), contracted.begin(), contracted.end());
  order_b.insert(order_b.end(), right.begin(), right.end());
  int64_t B = prod(batch), L = prod(left), C = prod(contracted), R = prod(right);
  Tensor A = arrange(a, order_a).reshape({B, L, C});
  Tensor Bt = arrange(b, order_b).reshape({B, C, R});
  Shape out_shape;
  std::vector<int> out_labels = batch;
  out_labels.insert(out_labels.end(), left.begin(), left.end());
  out_labels.insert(out_labels.end(), right.begin(), right.end());
  for (int l : out_labels) out_shape.push_back(size[l]);
  return Term{out_labels, bmm(A, Bt).view(out_shape)};
}

}  // namespace

Tensor einsum(std::string_view equation, const TensorList& operands) {
  std::string eq;
  for (char c : equation)
    if (c != ' ') eq.push_back(c);
  EMBER_CHECK(!operands.empty(), kOp, "needs at least one operand");
  size_t arrow = eq.find("->");
  std::string lhs = eq.substr(0, arrow);
  std::vector<std::string> terms;
  for (size_t start = 0;;) {
    size_t comma = lhs.find(',', start);
    terms.push_back(lhs.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  EMBER_CHECK(terms.size() == operands.size(), kOp, "equation '", equation, "' has ", terms.size(),
              " operand terms but ", operands.size(), " operands were given");
  // the ellipsis covers the most dims any operand gives it
  int64_t max_ellipsis = 0;
  for (size_t i = 0; i < terms.size(); ++i) {
    detail::check_defined(kOp, operands[i]);
    int64_t letters = std::count_if(terms[i].begin(), terms[i].end(), [](char c) { return c != '.'; });
    if (terms[i].find("...") != std::string::npos) max_ellipsis = std::max(max_ellipsis, operands[i].dim() - letters);
  }
  std::vector<Term> parsed;
  std::map<int, int> uses;
  for (size_t i = 0; i < terms.size(); ++i) {
    bool has_ellipsis = false;
    Term t{parse_term(terms[i], operands[i].dim(), max_ellipsis, has_ellipsis), operands[i]};
    for (int l : t.labels) ++uses[l];
    parsed.push_back(std::move(t));
  }
  std::vector<int> output;
  if (arrow != std::string::npos) {
    bool has_ellipsis = false;
    output = parse_term(eq.substr(arrow + 2), -1, max_ellipsis, has_ellipsis);
    for (int l : output) {
      EMBER_CHECK(uses.count(l) || l >= kEllipsisBase, kOp, "output subscript '", static_cast<char>(l),
                  "' does not appear in the inputs");
      EMBER_CHECK(std::count(output.begin(), output.end(), l) == 1, kOp, "output subscript '", static_cast<char>(l),
                  "' appears more than once");
    }
  } else {
    for (int e = 0; e < max_ellipsis; ++e) output.push_back(kEllipsisBase + e);
    for (auto [label, count] : uses)
      if (label < kEllipsisBase && count == 1) output.push_back(label);
  }

  for (Term& t : parsed) take_diagonals(t);
  // labels needed after operand i: the output's, plus those of later operands
  auto needed_after = [&](size_t i) {
    std::vector<int> need = output;
    for (size_t j = i + 1; j < parsed.size(); ++j) need.insert(need.end(), parsed[j].labels.begin(), parsed[j].labels.end());
    return need;
  };
  for (size_t i = 0; i < parsed.size(); ++i) {
    std::vector<int> keep = needed_after(i);
    for (size_t j = 0; j < parsed.size(); ++j)
      if (j < i) keep.insert(keep.end(), parsed[j].labels.begin(), parsed[j].labels.end());
    sum_out(parsed[i], keep);
  }
  Term acc = parsed[0];
  for (size_t i = 1; i < parsed.size(); ++i) acc = contract(acc, parsed[i], needed_after(i));
  sum_out(acc, output);
  Shape perm;
  for (int l : output) {
    int64_t p = position(acc.labels, l);
    if (p == static_cast<int64_t>(acc.labels.size())) {  // an ellipsis dim no operand had
      acc.t = acc.t.unsqueeze(-1);
      acc.labels.push_back(l);
    }
    perm.push_back(position(acc.labels, l));
  }
  return acc.t.permute(perm);
}

}  // namespace ember
