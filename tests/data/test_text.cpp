// test_text.cpp — tokenizers (torchtext's basic_english outputs), the
// vocabulary, numericalize/pad, and the progress bar.
#include <sstream>

#include "support/test_utils.h"

using namespace ember;
using namespace ember::data::text;
using Catch::Matchers::Contains;

TEST_CASE("basic_english lowercases and splits punctuation like torchtext") {
  using V = std::vector<std::string>;
  REQUIRE(basic_english_tokenize("This is a PyTorch example.") == V{"this", "is", "a", "pytorch", "example", "."});
  // torchtext: "You can't (really) do that, can you?!" ->
  REQUIRE(basic_english_tokenize("You can't (really) do that, can you?!") ==
          V{"you", "can", "'", "t", "(", "really", ")", "do", "that", ",", "can", "you", "?", "!"});
  REQUIRE(basic_english_tokenize("a \"quoted\"; b: c<br />d") == V{"a", "quoted", "b", "c", "d"});
  REQUIRE(whitespace_tokenize("  Keep  Case,\tand tabs ") == V{"Keep", "Case,", "and", "tabs"});
  REQUIRE(char_tokenize("héllo") == V{"h", "é", "l", "l", "o"});
  REQUIRE(get_tokenizer("basic_english")("Hi!") == V{"hi", "!"});
  REQUIRE_THROWS_WITH(get_tokenizer("spacy"), Contains("unknown tokenizer"));
}

TEST_CASE("a vocabulary from token lists: frequency order, min_freq, max_tokens, specials, default index") {
  std::vector<std::vector<std::string>> docs{{"b", "a", "c", "a"}, {"a", "b", "d"}, {"e"}};
  Vocab v = build_vocab_from_iterator(docs, {.specials = {"<unk>", "<pad>"}});
  // specials first, then by frequency (a 3, b 2), ties alphabetically (c, d, e)
  REQUIRE(v.get_itos() == std::vector<std::string>{"<unk>", "<pad>", "a", "b", "c", "d", "e"});
  REQUIRE_THROWS_WITH(v["zebra"], Contains("no default index"));
  v.set_default_index(v["<unk>"]);
  REQUIRE(v(std::vector<std::string>{"a", "zebra", "e"}) == std::vector<int64_t>{2, 0, 6});
  REQUIRE(v.lookup_tokens({3, 1}) == std::vector<std::string>{"b", "<pad>"});

  Vocab frequent = build_vocab_from_iterator(docs, {.min_freq = 2, .specials = {"<unk>"}, .special_first = false});
  REQUIRE(frequent.get_itos() == std::vector<std::string>{"a", "b", "<unk>"});
  Vocab capped = build_vocab_from_iterator(docs, {.specials = {"<unk>"}, .max_tokens = 3});
  REQUIRE(capped.get_itos() == std::vector<std::string>{"<unk>", "a", "b"});
  REQUIRE_THROWS_WITH(Vocab({"x", "x"}), Contains("appears twice"));
}

TEST_CASE("numericalize, truncate, add bos/eos and pad to a tensor") {
  Vocab v = build_vocab_from_iterator({basic_english_tokenize("the cat sat on the mat")},
                                      {.specials = {"<unk>", "<pad>", "<bos>", "<eos>"}});
  v.set_default_index(v["<unk>"]);
  REQUIRE(v.size() == 9);
  REQUIRE_EQUAL(numericalize(v, basic_english_tokenize("The dog sat")), tensor<int64_t>({4, 0, v["sat"]}));
  std::vector<std::vector<int64_t>> ids{v(basic_english_tokenize("the cat")), v(basic_english_tokenize("on the mat sat"))};
  ids = add_token(add_token(truncate(ids, 3), v["<bos>"]), v["<eos>"], false);
  REQUIRE(ids[1] == std::vector<int64_t>{2, v["on"], 4, v["mat"], 3});
  Tensor batch = to_tensor(ids, v["<pad>"]);
  REQUIRE(batch.sizes() == IntArrayRef{2, 5});
  REQUIRE_EQUAL(batch[0], tensor<int64_t>({2, 4, v["cat"], 3, 1}));
}

TEST_CASE("the progress bar shows rate and ETA, and stays silent off a terminal") {
  std::ostringstream out;
  {
    data::ProgressBar bar(10, {.desc = "train", .force = true, .stream = &out});
    for (int i = 0; i < 10; ++i) bar.update();
    REQUIRE(bar.count() == 10);
    std::string line = bar.render();
    REQUIRE_THAT(line, Contains("train 100%|") && Contains("10/10") && Contains("it/s]"));
  }
  REQUIRE_THAT(out.str(), Contains("\r") && Contains("10/10"));
  REQUIRE(out.str().back() == '\n');

  std::ostringstream quiet;
  {
    data::ProgressBar bar(5, {.stream = &quiet});  // not a terminal and not forced
    REQUIRE_FALSE(bar.enabled());
    bar.update(5);
  }
  REQUIRE(quiet.str().empty());

  auto ds = std::make_shared<data::TensorDataset>(std::vector<Tensor>{arange(10)});
  data::DataLoader loader(ds, {.batch_size = 3});
  std::ostringstream wrapped;
  data::Progress progress(loader, {.force = true, .stream = &wrapped});
  int64_t batches = 0;
  for (const data::Sample& b : progress) batches += b[0].tensor().numel() > 0;
  REQUIRE(batches == 4);
  REQUIRE(progress.bar().count() == 4);
  REQUIRE_THAT(progress.bar().render(), Contains("4/4"));
}
