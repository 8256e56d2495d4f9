// Exercise 23 — text processing as torchtext does it.
//
// basic_english lowercases and splits off punctuation; the vocabulary is
// built from the tokens with specials, and unknown words map to <unk>
// through the default index. Sentences become index tensors, padded with
// <pad> into one batch.
#include "ember.h"
#include "exercise.h"

using namespace ember;
using namespace ember::data::text;

int main(int argc, char** argv) {
  (void)exercise::quick(argc, argv);
  exercise::Checker checker;
  std::vector<std::string> data{"This is a PyTorch example.", "TorchText makes text processing easy.",
                                "You can create custom datasets for NLP."};
  Tokenizer tokenizer = get_tokenizer("basic_english");
  std::vector<std::vector<std::string>> tokens;
  for (const auto& sentence : data) tokens.push_back(tokenizer(sentence));

  Vocab vocab = build_vocab_from_iterator(tokens, {.specials = {"<unk>", "<pad>"}});
  vocab.set_default_index(vocab["<unk>"]);
  std::vector<int64_t> ids = vocab(tokenizer("This is an example"));
  std::cout << "Vocabulary size: " << vocab.size() << "\n";
  std::cout << "Token IDs for a sentence: " << tensor(ids) << "\n";
  checker.check(vocab.size() == 2 + 18, "2 specials + 18 distinct tokens ('.' included)");
  checker.check(ids[2] == vocab["<unk>"] && ids[0] == vocab["this"] && ids[3] == vocab["example"],
                "'an' is unknown and maps to <unk>; the others are found");

  Vocab frequent = build_vocab_from_iterator(tokens, {.min_freq = 2, .specials = {"<unk>", "<pad>"}});
  std::cout << "tokens seen at least twice: " << frequent.size() - 2 << " ('" << frequent.lookup_token(2) << "')\n";
  checker.check(frequent.size() == 3 && frequent.lookup_token(2) == ".", "min_freq 2 keeps only '.'");

  std::vector<std::vector<int64_t>> sequences;
  for (const auto& t : tokens) sequences.push_back(vocab(t));
  Tensor batch = to_tensor(sequences, vocab["<pad>"]);
  std::cout << "padded batch:\n" << batch << "\n";
  checker.check(batch.sizes() == IntArrayRef{3, 8}, "3 sentences padded to the longest (8 tokens)");
  checker.check(batch.index({0, 6}).item<int64_t>() == vocab["<pad>"], "short sentences end in <pad>");
  return checker.exit_code();
}
