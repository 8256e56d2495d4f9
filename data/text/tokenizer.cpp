// tokenizer.cpp — basic_english, whitespace and character tokenizers.
#include "data/text/tokenizer.h"

#include <cctype>
#include <sstream>

#include "core/error.h"

namespace ember::data::text {

std::vector<std::string> whitespace_tokenize(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> tokens;
  for (std::string t; in >> t;) tokens.push_back(t);
  return tokens;
}

std::vector<std::string> basic_english_tokenize(const std::string& line) {
  // torchtext's _basic_english_normalize, in its order:
  //   '  -> " '  "     "  -> ""      .  -> " . "    <br /> -> " "
  //   ,  -> " , "      (  -> " ( "   )  -> " ) "    !  -> " ! "
  //   ?  -> " ? "      ;  -> " "     :  -> " "      then split on whitespace
  std::string lower;
  for (char c : line) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string out;
  for (size_t i = 0; i < lower.size(); ++i) {
    char c = lower[i];
    if (lower.compare(i, 6, "<br />") == 0) {
      out += ' ';
      i += 5;
      continue;
    }
    switch (c) {
      case '\'': out += " '  "; break;
      case '"': break;
      case '.': case ',': case '(': case ')': case '!': case '?':
        out += ' ';
        out += c;
        out += ' ';
        break;
      case ';': case ':': out += ' '; break;
      default: out += c;
    }
  }
  return whitespace_tokenize(out);
}

std::vector<std::string> char_tokenize(const std::string& line) {
  std::vector<std::string> tokens;
  for (size_t i = 0; i < line.size();) {
    auto b = static_cast<unsigned char>(line[i]);
    // a UTF-8 lead byte gives the sequence length: 0xxxxxxx 1, 110xxxxx 2, 1110xxxx 3, 11110xxx 4
    size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xe ? 3 : (b >> 3) == 0x1e ? 4 : 1;
    bool valid = i + n <= line.size();
    for (size_t k = 1; valid && k < n; ++k) valid = (static_cast<unsigned char>(line[i + k]) >> 6) == 0x2;
    if (!valid) n = 1;
    tokens.push_back(line.substr(i, n));
    i += n;
  }
  return tokens;
}

Tokenizer get_tokenizer(const std::string& name) {
  if (name == "basic_english") return basic_english_tokenize;
  if (name == "whitespace") return whitespace_tokenize;
  if (name == "char") return char_tokenize;
  EMBER_FAIL("get_tokenizer", "unknown tokenizer '", name, "' (basic_english, whitespace or char)");
}

}  // namespace ember::data::text
