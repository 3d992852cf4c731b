// BodyParser over the core's <parse> parsers (FERRY_CAP_PARSE).
#pragma once
#include "body_parser.hpp"
#include "ferry/parser.hpp"

namespace ferry::in_http {

class CoreBodyParser : public BodyParser {
 public:
  explicit CoreBodyParser(ferry::Parser parser) : parser_(std::move(parser)) {}
  bool parse(std::string_view body, const OnEvent& on_event, std::string* error) override;

 private:
  ferry::Parser parser_;
};

}  // namespace ferry::in_http
