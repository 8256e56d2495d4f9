// vocab.h — a vocabulary: tokens to indices and back (torchtext.vocab.Vocab,
// build_vocab_from_iterator), and the torchtext.functional helpers that
// turn index lists into padded tensors.
//
// build_vocab_from_iterator counts tokens, orders them by frequency (ties
// alphabetically), keeps those seen at least min_freq times (at most
// max_tokens entries, specials included) and puts the specials first (or
// last). Looking up a token that is absent returns the default index when
// one is set (typically "<unk>"'s) and throws otherwise.
//
// Left out: pretrained vectors (GloVe, FastText) and the torchscript forms.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/tensor.h"

namespace ember::data::text {

class Vocab {
 public:
  explicit Vocab(std::vector<std::string> itos);
  int64_t size() const { return static_cast<int64_t>(itos_.size()); }
  /// Index of a token (vocab[token]).
  int64_t operator[](const std::string& token) const;
  /// Indices of tokens (vocab(tokens)).
  std::vector<int64_t> operator()(const std::vector<std::string>& tokens) const { return lookup_indices(tokens); }
  std::vector<int64_t> lookup_indices(const std::vector<std::string>& tokens) const;
  const std::string& lookup_token(int64_t index) const;
  std::vector<std::string> lookup_tokens(const std::vector<int64_t>& indices) const;
  bool contains(const std::string& token) const { return stoi_.count(token) > 0; }
  void set_default_index(std::optional<int64_t> index);
  std::optional<int64_t> get_default_index() const { return default_index_; }
  const std::vector<std::string>& get_itos() const { return itos_; }
  const std::unordered_map<std::string, int64_t>& get_stoi() const { return stoi_; }
  /// Adds a token at the end (an error if present).
  void append_token(const std::string& token);

 private:
  std::vector<std::string> itos_;
  std::unordered_map<std::string, int64_t> stoi_;
  std::optional<int64_t> default_index_;
};

struct VocabOptions {
  int64_t min_freq = 1;
  std::vector<std::string> specials = {};  // e.g. {"<unk>", "<pad>", "<bos>", "<eos>"}
  bool special_first = true;
  std::optional<int64_t> max_tokens = std::nullopt;  // size cap, specials included
};

Vocab build_vocab_from_iterator(const std::vector<std::vector<std::string>>& token_lists, VocabOptions options = {});

/// The indices of tokens as a 1-D int64 tensor.
Tensor numericalize(const Vocab& vocab, const std::vector<std::string>& tokens);
/// Sequences padded with padding_value to the longest into a (B, L) int64 tensor.
Tensor to_tensor(const std::vector<std::vector<int64_t>>& sequences, int64_t padding_value);
/// Each sequence cut to at most max_seq_len.
std::vector<std::vector<int64_t>> truncate(std::vector<std::vector<int64_t>> sequences, int64_t max_seq_len);
/// token_id added at the start (begin) or end of each sequence (bos / eos).
std::vector<std::vector<int64_t>> add_token(std::vector<std::vector<int64_t>> sequences, int64_t token_id, bool begin = true);

}  // namespace ember::data::text
