// Loader failure paths: each error names the file and the numbers, and
// nothing crashes. The plugins come from tests/abi (build/test-plugins).
#include <dlfcn.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "host/instance.hpp"
#include "host/plugin_registry.hpp"
#include "host/plugin_search.hpp"
#include "host_test_support.hpp"

namespace ferry::host {
namespace {
using ::testing::HasSubstr;
namespace fs = std::filesystem;

class LoaderTest : public ::testing::Test {
 protected:
  std::string dir = test::test_plugin_dir();
  PluginRegistry registry{SearchPath({dir})};
  std::string path(const std::string& file) { return dir + "/" + file; }
  std::string load_error(const char* name) {
    ModuleResult r = registry.load(FERRY_KIND_OUTPUT, name);
    EXPECT_FALSE(r.module) << "loaded " << name << " although it is broken";
    return r.error;
  }
};

TEST_F(LoaderTest, UnknownPluginNamesTheFileAndEveryDirectorySearched) {
  PluginRegistry reg(SearchPath({"/nonexistent/a", dir}));
  ModuleResult r = reg.load(FERRY_KIND_OUTPUT, "nosuchplugin");
  ASSERT_FALSE(r.module);
  EXPECT_THAT(r.error, HasSubstr("Unknown output plugin 'nosuchplugin'."));
  EXPECT_THAT(r.error, HasSubstr("out_nosuchplugin.so"));
  EXPECT_THAT(r.error, HasSubstr("/nonexistent/a, " + dir));
  ModuleResult in = reg.load(FERRY_KIND_INPUT, "tail");
  EXPECT_THAT(in.error, HasSubstr("Unknown input plugin 'tail'"));
  EXPECT_THAT(in.error, HasSubstr("in_tail.so"));
}

TEST_F(LoaderTest, ValidPluginLoadsAndItsEntryRunsOncePerProcess) {
  ModuleResult a = registry.load(FERRY_KIND_OUTPUT, "abiok");
  ASSERT_TRUE(a.module) << a.error;
  EXPECT_STREQ(a.module->info.type_name, "abiok");
  EXPECT_EQ(a.module->path, path("out_abiok.so"));
  // A second registry (a reload) reaches the same module; so does a second
  // path to the same file.
  PluginRegistry other(SearchPath({dir + "/."}));
  ModuleResult b = other.load(FERRY_KIND_OUTPUT, "abiok");
  ASSERT_TRUE(b.module) << b.error;
  EXPECT_EQ(a.module.get(), b.module.get());
  auto* calls = static_cast<int*>(dlsym(a.module->handle, "ferry_test_entry_calls"));
  ASSERT_NE(calls, nullptr);
  EXPECT_EQ(*calls, 1);
}

TEST_F(LoaderTest, AbiMajorMismatchNamesFileAndBothVersions) {
  std::string e = load_error("abimajor");
  EXPECT_THAT(e, HasSubstr(path("out_abimajor.so")));
  EXPECT_THAT(e, HasSubstr("plugin ABI 2." + std::to_string(FERRY_ABI_MINOR)));
  EXPECT_THAT(e, HasSubstr("this ferry's ABI 1." + std::to_string(FERRY_ABI_MINOR)));
  EXPECT_THAT(e, HasSubstr("major versions differ"));
}

TEST_F(LoaderTest, NewerMinorNamesFileAndBothVersions) {
  std::string e = load_error("abiminor");
  EXPECT_THAT(e, HasSubstr(path("out_abiminor.so")));
  EXPECT_THAT(e, HasSubstr("plugin ABI 1." + std::to_string(FERRY_ABI_MINOR + 1) +
                           " is newer than this ferry's ABI 1." + std::to_string(FERRY_ABI_MINOR)));
}

TEST_F(LoaderTest, MissingEntrySymbol) {
  std::string e = load_error("abinoentry");
  EXPECT_THAT(e, HasSubstr(path("out_abinoentry.so")));
  EXPECT_THAT(e, HasSubstr("symbol ferry_plugin_entry not found"));
}

TEST_F(LoaderTest, EntryReturningNull) {
  std::string e = load_error("abinullentry");
  EXPECT_THAT(e, HasSubstr(path("out_abinullentry.so")));
  EXPECT_THAT(e, HasSubstr("returned NULL"));
}

TEST_F(LoaderTest, MissingRequiredCallbackIsNamed) {
  std::string e = load_error("abinowrite");
  EXPECT_THAT(e, HasSubstr(path("out_abinowrite.so")));
  EXPECT_THAT(e, HasSubstr("required callback 'write'"));
}

TEST_F(LoaderTest, WrongKindNamesBothKinds) {
  std::string e = load_error("abiwrongkind");
  EXPECT_THAT(e, HasSubstr(path("out_abiwrongkind.so")));
  EXPECT_THAT(e, HasSubstr("kind 2 (filter)"));
  EXPECT_THAT(e, HasSubstr("kind 3 (output)"));
}

TEST_F(LoaderTest, WrongTypeNameNamesBothNames) {
  std::string e = load_error("abiwrongname");
  EXPECT_THAT(e, HasSubstr(path("out_abiwrongname.so")));
  EXPECT_THAT(e, HasSubstr("type_name is 'other'"));
  EXPECT_THAT(e, HasSubstr("'abiwrongname'"));
}

TEST_F(LoaderTest, DescriptorTooSmallNamesBothSizes) {
  std::string e = load_error("abitoosmall");
  EXPECT_THAT(e, HasSubstr(path("out_abitoosmall.so")));
  EXPECT_THAT(e, HasSubstr("struct_size is " + std::to_string(offsetof(ferry_plugin_info, create)) +
                           " bytes"));
  // What ABI 1.0 promised: a plugin built before the 1.1 members loads.
  EXPECT_THAT(
      e, HasSubstr("at least " + std::to_string(offsetof(ferry_plugin_info, buffer_defaults))));
}

TEST_F(LoaderTest, ParameterRowsTooSmallNamesBothSizes) {
  std::string e = load_error("abibadrows");
  EXPECT_THAT(e, HasSubstr(path("out_abibadrows.so")));
  EXPECT_THAT(
      e, HasSubstr("row size 8 is smaller than ABI 1.0's " + std::to_string(sizeof(ferry_param))));
}

TEST_F(LoaderTest, FileThatIsNoSharedObject) {
  fs::path tmp = fs::temp_directory_path() / ("ferry-host-test-" + std::to_string(getpid()));
  fs::create_directories(tmp);
  std::ofstream(tmp / "out_garbage.so") << "not an ELF file";
  PluginRegistry reg(SearchPath({tmp.string()}));
  ModuleResult r = reg.load(FERRY_KIND_OUTPUT, "garbage");
  EXPECT_FALSE(r.module);
  EXPECT_THAT(r.error, HasSubstr("cannot load plugin " + (tmp / "out_garbage.so").string()));
  fs::remove_all(tmp);
}

TEST_F(LoaderTest, CreateFailureCarriesThePluginMessageAndFile) {
  ModuleResult r = registry.load(FERRY_KIND_OUTPUT, "abicreatefail");
  ASSERT_TRUE(r.module) << r.error;
  boost::asio::io_context loop;
  Instance inst(r.module, {&test::test_api(), &loop, "store1", -1});
  std::string error;
  EXPECT_FALSE(inst.create(nullptr, error));
  EXPECT_THAT(error, HasSubstr("create failed for output plugin 'abicreatefail'"));
  EXPECT_THAT(error, HasSubstr("@id store1"));
  EXPECT_THAT(error, HasSubstr(path("out_abicreatefail.so")));
  EXPECT_THAT(error, HasSubstr("cannot open /nonexistent/out.log: No such file or directory"));
  EXPECT_EQ(inst.state(), Instance::State::Failed);
}

TEST_F(LoaderTest, LoadedCPluginWritesThroughAnInstance) {
  ModuleResult r = registry.load(FERRY_KIND_OUTPUT, "abiok");
  ASSERT_TRUE(r.module) << r.error;
  boost::asio::io_context loop;
  Instance inst(r.module, {&test::test_api(), &loop, "", -1});
  std::string error;
  ASSERT_TRUE(inst.create(nullptr, error)) << error;
  ASSERT_TRUE(inst.start(error)) << error;
  int calls = 0;
  ferry_status got = FERRY_ERROR;
  inst.write("app.log", EventBatch("x", 1), [&](ferry_status s, std::string_view) {
    ++calls;
    got = s;
  });
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(got, FERRY_OK);
}

TEST_F(LoaderTest, ListReportsLoadedFailedAndShadowedPlugins) {
  fs::path tmp = fs::temp_directory_path() / ("ferry-host-list-" + std::to_string(getpid()));
  fs::create_directories(tmp);
  fs::copy_file(path("out_abiok.so"), tmp / "out_abiok.so", fs::copy_options::overwrite_existing);
  std::ofstream(tmp / "README") << "not a plugin";
  PluginRegistry reg(SearchPath({dir, tmp.string()}));
  auto list = reg.list();
  auto find = [&](const std::string& p) -> const PluginListing* {
    for (const auto& l : list)
      if (l.path == p) return &l;
    return nullptr;
  };
  const PluginListing* ok = find(path("out_abiok.so"));
  ASSERT_NE(ok, nullptr);
  EXPECT_EQ(ok->state, PluginListing::State::Loaded);
  EXPECT_EQ(ok->kind, FERRY_KIND_OUTPUT);
  EXPECT_EQ(ok->type_name, "abiok");
  const PluginListing* major = find(path("out_abimajor.so"));
  ASSERT_NE(major, nullptr);
  EXPECT_EQ(major->state, PluginListing::State::Failed);
  EXPECT_THAT(major->reason, HasSubstr("plugin ABI 2." + std::to_string(FERRY_ABI_MINOR)));
  const PluginListing* shadowed = find((tmp / "out_abiok.so").string());
  ASSERT_NE(shadowed, nullptr);
  EXPECT_EQ(shadowed->state, PluginListing::State::Shadowed);
  EXPECT_THAT(shadowed->reason, HasSubstr(path("out_abiok.so")));
  EXPECT_EQ(find((tmp / "README").string()), nullptr);
  EXPECT_STREQ(state_name(PluginListing::State::Failed), "failed");
  fs::remove_all(tmp);
}

TEST(PluginSearch, FileNamesFollowFluentdKindsAndTheDummyAlias) {
  EXPECT_EQ(plugin_file_name(FERRY_KIND_INPUT, "tail"), "in_tail.so");
  EXPECT_EQ(plugin_file_name(FERRY_KIND_FILTER, "grep"), "filter_grep.so");
  EXPECT_EQ(plugin_file_name(FERRY_KIND_OUTPUT, "stdout"), "out_stdout.so");
  EXPECT_EQ(plugin_file_name(FERRY_KIND_INPUT, "dummy"), "in_sample.so");
  EXPECT_EQ(plugin_file_name(FERRY_KIND_OUTPUT, "dummy"), "out_dummy.so");
  EXPECT_EQ(kind_for_directive("source"), FERRY_KIND_INPUT);
  EXPECT_EQ(kind_for_directive("filter"), FERRY_KIND_FILTER);
  EXPECT_EQ(kind_for_directive("match"), FERRY_KIND_OUTPUT);
  EXPECT_EQ(kind_for_directive("store"), FERRY_KIND_OUTPUT);
  EXPECT_EQ(kind_for_directive("label"), std::nullopt);
}

TEST(PluginSearch, OrderIsCliThenEnvironmentThenInstallDir) {
  const char* old = std::getenv("FERRY_PLUGIN_PATH");
  std::string saved = old ? old : "";
  setenv("FERRY_PLUGIN_PATH", "/env/a::/env/b", 1);
  SearchPath sp = SearchPath::standard({"/cli/1", "/cli/2"});
  if (old)
    setenv("FERRY_PLUGIN_PATH", saved.c_str(), 1);
  else
    unsetenv("FERRY_PLUGIN_PATH");
  const auto& d = sp.dirs();
  ASSERT_GE(d.size(), 5u);
  EXPECT_EQ(d[0], "/cli/1");
  EXPECT_EQ(d[1], "/cli/2");
  EXPECT_EQ(d[2], "/env/a");
  EXPECT_EQ(d[3], "/env/b");
  // The test binary lives in build/bin, like build/bin/ferry.
  const char* build = std::getenv("FERRY_BUILD_DIR");
  ASSERT_NE(build, nullptr);
  std::string expected = (fs::path(build) / "lib/ferry/plugins").lexically_normal().string();
  EXPECT_NE(std::find(d.begin() + 4, d.end(), expected), d.end()) << sp.describe();
}

TEST(PluginDescriptor, RowsAreCheckedInsideSections) {
  static const char* const kNone[] = {nullptr};
  static const ferry_param inner[] = {
      {"mode", FERRY_PARAM_ENUM, 0, nullptr, nullptr, nullptr, nullptr, nullptr, 0, 0}};
  static const ferry_param_table inner_table = {sizeof(ferry_param), 1, inner, 0};
  static const ferry_param outer[] = {
      {"record", FERRY_PARAM_SECTION, 0, nullptr, nullptr, kNone, &inner_table, nullptr, 0, 0}};
  static const ferry_param_table outer_table = {sizeof(ferry_param), 1, outer, 0};
  ferry_plugin_info info{};
  info.struct_size = sizeof info;
  info.abi_major = FERRY_ABI_MAJOR;
  info.abi_minor = FERRY_ABI_MINOR;
  info.kind = FERRY_KIND_INPUT;
  info.type_name = "rows";
  info.params = &outer_table;
  info.create = [](const ferry_host_api*, ferry_instance*, const ferry_config*, void**,
                   ferry_error*) { return FERRY_OK; };
  info.destroy = [](void*) {};
  ModuleResult r = adopt_descriptor(&info, "builtin:rows");
  EXPECT_FALSE(r.module);
  EXPECT_THAT(r.error, HasSubstr("builtin:rows"));
  EXPECT_THAT(r.error,
              HasSubstr("row 0 'record' row 0 'mode': ENUM parameter without enum_values"));
}

// A minimal valid output descriptor of ABI 1.minor with `size` bytes.
ferry_plugin_info output_descriptor(uint32_t minor, uint32_t size) {
  static const ferry_param_table empty = {sizeof(ferry_param), 0, nullptr, 0};
  ferry_plugin_info info{};
  info.struct_size = size;
  info.abi_major = FERRY_ABI_MAJOR;
  info.abi_minor = minor;
  info.kind = FERRY_KIND_OUTPUT;
  info.type_name = "buffered";
  info.params = &empty;
  info.create = [](const ferry_host_api*, ferry_instance*, const ferry_config*, void**,
                   ferry_error*) { return FERRY_OK; };
  info.destroy = [](void*) {};
  info.write = [](void*, const ferry_chunk*, uint64_t) {};
  return info;
}

TEST(PluginDescriptor, Abi11BufferDefaultsAndModeAreRead) {
  ferry_plugin_info info = output_descriptor(1, sizeof(ferry_plugin_info));
  info.capabilities = FERRY_CAP_BUFFERED;
  info.buffer_defaults = "@type file\nchunk_keys time";
  info.buffer_mode = FERRY_BUFFER_ALWAYS;
  ModuleResult r = adopt_descriptor(&info, "builtin:buffered11");
  ASSERT_TRUE(r.module) << r.error;
  EXPECT_STREQ(r.module->info.buffer_defaults, "@type file\nchunk_keys time");
  EXPECT_EQ(r.module->info.buffer_mode, uint32_t(FERRY_BUFFER_ALWAYS));
}

TEST(PluginDescriptor, Abi10DescriptorsReadAsNoBufferDefaults) {
  // A 1.0 plugin's struct ends before the 1.1 members: whatever lies in
  // memory after it is not read.
  ferry_plugin_info info = output_descriptor(0, offsetof(ferry_plugin_info, buffer_defaults));
  info.buffer_defaults = "garbage past the 1.0 struct";
  info.buffer_mode = 77;
  ModuleResult r = adopt_descriptor(&info, "builtin:buffered10");
  ASSERT_TRUE(r.module) << r.error;
  EXPECT_EQ(r.module->info.buffer_defaults, nullptr);
  EXPECT_EQ(r.module->info.buffer_mode, uint32_t(FERRY_BUFFER_WHEN_CONFIGURED));
}

TEST(PluginDescriptor, UnknownBufferModeIsRefused) {
  ferry_plugin_info info = output_descriptor(1, sizeof(ferry_plugin_info));
  info.buffer_mode = 5;
  ModuleResult r = adopt_descriptor(&info, "builtin:badmode");
  EXPECT_FALSE(r.module);
  EXPECT_THAT(r.error, HasSubstr("unknown buffer_mode 5"));
}

}  // namespace
}  // namespace ferry::host
