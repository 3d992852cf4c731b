// Unknown `@` keys and legacy `type` through the config library as the app
// uses it: load (which runs check_structure), then validate_params on each
// directive. Both know Fluentd's rule; each finding must reach the user once.
#include "config/reserved_keys.hpp"

#include <gtest/gtest.h>

#include <string>

#include "config/loader.hpp"
#include "config/params.hpp"

namespace ferry::config {
namespace {

const ferry_param kRows[] = {
    {"tag", FERRY_PARAM_STRING, 0, nullptr, nullptr, nullptr, nullptr, nullptr, 0, 0},
};
const ferry_param_table kTable{sizeof(ferry_param), std::size(kRows), kRows, 0};
// A core section the plugin accepts, as <buffer> or <format> are.
const ferry_param kBufferRows[] = {
    {"chunk_limit", FERRY_PARAM_STRING, 0, nullptr, nullptr, nullptr, nullptr, nullptr, 0, 0},
};
const ferry_param_table kBufferTable{sizeof(ferry_param), std::size(kBufferRows), kBufferRows,
                                     FERRY_TABLE_PLAIN_SECTION};

constexpr const char* kConfig =
    "<match app.**>\n"  // 1
    "  @type demo\n"
    "  @foo 1\n"  // 3: error
    "  <buffer>\n"
    "    chunk_limit 1m\n"
    "    @bar 2\n"  // 6: warning
    "  </buffer>\n"
    "</match>\n"
    "<match legacy.**>\n"  // 9
    "  type demo\n"        // 10: deprecated spelling, warning
    "</match>\n";

// Loads kConfig and validates every <match> as the pipeline does.
Diagnostics load_and_validate(bool structure_checked) {
  LoadOptions opts;
  opts.use_process_env = false;
  Diagnostics diag;
  Element root = load_config_text(kConfig, "test.conf", ".", opts, diag);
  opts.structure_checked = structure_checked;
  CoreSections core;
  core["buffer"] = &kBufferTable;
  for (const Element& match : root.children) validate_params(match, kTable, core, opts, diag);
  return diag;
}

size_t count(const Diagnostics& diag, const std::string& needle, Severity severity) {
  size_t n = 0;
  for (const Diagnostic& d : diag.items())
    n += d.severity == severity && d.message.find(needle) != std::string::npos;
  return n;
}

TEST(ReservedKeys, EachFindingIsReportedOnceThroughTheLoadAndValidatePipeline) {
  Diagnostics diag = load_and_validate(/*structure_checked=*/true);
  EXPECT_EQ(count(diag, "prefix parameter in the configuration: @foo", Severity::Error), 1u);
  EXPECT_EQ(count(diag, "it will be rejected: @bar", Severity::Warning), 1u);
  EXPECT_EQ(count(diag, "'type' is deprecated parameter name", Severity::Warning), 1u);
  // Fluentd also says the nested key is not used (check_not_fetched).
  EXPECT_EQ(count(diag, "parameter '@bar' in <buffer> is not used.", Severity::Warning), 1u);
  EXPECT_EQ(count(diag, "@foo", Severity::Error), 1u);
  EXPECT_EQ(diag.error_count(), 1u);
}

// validate_params on its own (no structure check before it) still reports
// them itself: what a plugin author's test or a caller with a hand-built
// tree sees.
TEST(ReservedKeys, ValidateParamsAloneReportsThem) {
  LoadOptions opts;
  opts.use_process_env = false;
  Diagnostics parse_diag;
  Element root = load_config_text(kConfig, "test.conf", ".", opts, parse_diag);
  Diagnostics diag;
  CoreSections core;
  core["buffer"] = &kBufferTable;
  EXPECT_FALSE(validate_params(root.children.at(0), kTable, core, opts, diag));
  EXPECT_EQ(count(diag, "@foo", Severity::Error), 1u);
  EXPECT_EQ(count(diag, "it will be rejected: @bar", Severity::Warning), 1u);
}

TEST(ReservedKeys, LegacySpellingsStandInForReservedKeys) {
  Element el;
  Entry type;
  type.key = "type";
  type.value = "stdout";
  el.entries.push_back(type);
  EXPECT_EQ(reserved_value(el, "@type"), "stdout");
  EXPECT_EQ(find_reserved(el, "@label"), nullptr);  // @label has no legacy form
  Entry at_type = type;
  at_type.key = "@type";
  at_type.value = "file";
  el.entries.push_back(at_type);
  EXPECT_EQ(reserved_value(el, "@type"), "file");  // the @ form wins when both are there
  EXPECT_STREQ(reserved_key_for_legacy("log_level"), "@log_level");
  EXPECT_EQ(reserved_key_for_legacy("label"), nullptr);
}

}  // namespace
}  // namespace ferry::config
