// vocab.cpp — Vocab, build_vocab_from_iterator and the padding helpers.
#include "data/text/vocab.h"

#include <algorithm>
#include <map>

#include "core/ops_creation.h"

namespace ember::data::text {

Vocab::Vocab(std::vector<std::string> itos) : itos_(std::move(itos)) {
  for (size_t i = 0; i < itos_.size(); ++i)
    EMBER_CHECK(stoi_.emplace(itos_[i], static_cast<int64_t>(i)).second, "Vocab", "token '", itos_[i], "' appears twice");
}

int64_t Vocab::operator[](const std::string& token) const {
  auto it = stoi_.find(token);
  if (it != stoi_.end()) return it->second;
  EMBER_CHECK(default_index_.has_value(), "Vocab", "token '", token,
              "' is not in the vocabulary and no default index is set (set_default_index(vocab[\"<unk>\"]))");
  return *default_index_;
}

std::vector<int64_t> Vocab::lookup_indices(const std::vector<std::string>& tokens) const {
  std::vector<int64_t> out;
  out.reserve(tokens.size());
  for (const auto& t : tokens) out.push_back((*this)[t]);
  return out;
}

const std::string& Vocab::lookup_token(int64_t index) const {
  EMBER_CHECK(index >= 0 && index < size(), "Vocab", "index ", index, " is out of range for a vocabulary of ", size());
  return itos_[static_cast<size_t>(index)];
}

std::vector<std::string> Vocab::lookup_tokens(const std::vector<int64_t>& indices) const {
  std::vector<std::string> out;
  for (int64_t i : indices) out.push_back(lookup_token(i));
  return out;
}

void Vocab::set_default_index(std::optional<int64_t> index) {
  if (index) EMBER_CHECK(*index >= 0 && *index < size(), "Vocab", "default index ", *index, " is out of range");
  default_index_ = index;
}

void Vocab::append_token(const std::string& token) {
  EMBER_CHECK(stoi_.emplace(token, size()).second, "Vocab", "token '", token, "' already exists in the vocabulary");
  itos_.push_back(token);
}

Vocab build_vocab_from_iterator(const std::vector<std::vector<std::string>>& token_lists, VocabOptions options) {
  EMBER_CHECK(options.min_freq >= 1, "build_vocab_from_iterator", "min_freq must be at least 1, got ", options.min_freq);
  std::map<std::string, int64_t> counter;
  for (const auto& tokens : token_lists)
    for (const auto& t : tokens) ++counter[t];
  for (const auto& s : options.specials) counter.erase(s);
  std::vector<std::pair<std::string, int64_t>> ordered(counter.begin(), counter.end());
  // by frequency, most frequent first; ties alphabetically (the map's order, kept by stable_sort)
  std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  int64_t room = INT64_MAX;
  if (options.max_tokens) {
    room = *options.max_tokens - static_cast<int64_t>(options.specials.size());
    EMBER_CHECK(room >= 0, "build_vocab_from_iterator", "max_tokens ", *options.max_tokens,
                " is smaller than the number of specials");
  }
  std::vector<std::string> itos;
  if (options.special_first) itos = options.specials;
  int64_t added = 0;
  for (const auto& [token, freq] : ordered) {  // most frequent first, so stop at the first too rare
    if (freq < options.min_freq || added == room) break;
    itos.push_back(token);
    ++added;
  }
  if (!options.special_first) itos.insert(itos.end(), options.specials.begin(), options.specials.end());
  return Vocab(std::move(itos));
}

Tensor numericalize(const Vocab& vocab, const std::vector<std::string>& tokens) { return tensor(vocab(tokens)); }

Tensor to_tensor(const std::vector<std::vector<int64_t>>& sequences, int64_t padding_value) {
  size_t longest = 0;
  for (const auto& s : sequences) longest = std::max(longest, s.size());
  std::vector<int64_t> flat;
  flat.reserve(sequences.size() * longest);
  for (const auto& s : sequences) {
    flat.insert(flat.end(), s.begin(), s.end());
    flat.insert(flat.end(), longest - s.size(), padding_value);
  }
  return tensor(flat, {static_cast<int64_t>(sequences.size()), static_cast<int64_t>(longest)});
}

std::vector<std::vector<int64_t>> truncate(std::vector<std::vector<int64_t>> sequences, int64_t max_seq_len) {
  EMBER_CHECK(max_seq_len >= 0, "truncate", "max_seq_len must be non-negative, got ", max_seq_len);
  for (auto& s : sequences)
    if (static_cast<int64_t>(s.size()) > max_seq_len) s.resize(static_cast<size_t>(max_seq_len));
  return sequences;
}

std::vector<std::vector<int64_t>> add_token(std::vector<std::vector<int64_t>> sequences, int64_t token_id, bool begin) {
  for (auto& s : sequences) s.insert(begin ? s.begin() : s.end(), token_id);
  return sequences;
}

}  // namespace ember::data::text
