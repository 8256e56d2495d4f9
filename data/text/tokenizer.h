// tokenizer.h — splitting text into tokens (torchtext.data.utils.get_tokenizer).
//
// basic_english is torchtext's: lowercase, then ' " . , ( ) ! ? ; : and
// "<br />" are split off or removed by the same substitutions, then split on
// whitespace. "whitespace" splits on whitespace only (get_tokenizer(None));
// "char" yields each UTF-8 character.
//
// Left out: spaCy, Moses, SentencePiece and other model-based tokenizers.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace ember::data::text {

using Tokenizer = std::function<std::vector<std::string>(const std::string&)>;

std::vector<std::string> basic_english_tokenize(const std::string& line);
std::vector<std::string> whitespace_tokenize(const std::string& line);
/// One token per UTF-8 character (a malformed byte is a token of its own).
std::vector<std::string> char_tokenize(const std::string& line);
/// "basic_english", "whitespace" or "char".
Tokenizer get_tokenizer(const std::string& name);

}  // namespace ember::data::text
