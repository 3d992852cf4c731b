// Running pipelines end to end: events reach stdout in Fluentd's format,
// inline config, the default config, SIGTERM.
#include <csignal>
#include <filesystem>

#include "ferry_fixture.hpp"

namespace ferry::test {
namespace {

class RunTest : public FerryTest {};

const char* kEventLine =
    R"((^|\n)\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} \+0000 test\.sample: \{"n":1\}\n)";

TEST_F(RunTest, SampleReachesStdoutInFluentdFormatAndTermExitsZero) {
  auto conf = write_config("f.conf", sample_to_stdout("test.sample", R"({"n":1})"));
  auto p = start({"-c", conf});
  ASSERT_TRUE(wait_running(*p)) << p->output();
  ASSERT_TRUE(wait_until([&] { return count_matches(p->stdout_text(), kEventLine) >= 3; }))
      << p->output();
  p->signal(SIGTERM);
  auto code = p->wait(std::chrono::seconds(20));
  ASSERT_TRUE(code.has_value()) << "ferry did not exit after SIGTERM";
  EXPECT_EQ(*code, 0) << p->output();
  std::string out = p->stdout_text();
  // Every line is whole: events and log lines never interleave.
  EXPECT_EQ(out.back(), '\n');
  EXPECT_NE(out.find("[info]: #0 ferry worker is now running worker=0"), std::string::npos);
}

TEST_F(RunTest, SigintStopsGracefullyToo) {
  auto conf = write_config("f.conf", sample_to_stdout("test.sample", R"({"n":1})"));
  auto p = start({"-c", conf});
  ASSERT_TRUE(wait_running(*p)) << p->output();
  p->signal(SIGINT);
  auto code = p->wait(std::chrono::seconds(20));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0) << p->output();
}

TEST_F(RunTest, InlineConfigIsAppended) {
  auto conf = write_config("source-only.conf",
                           "<source>\n  @type sample\n  tag test.sample\n  rate 20\n"
                           "  sample {\"n\":1}\n</source>\n");
  auto p = start({"-c", conf, "-i", "<match test.**>\\n  @type stdout\\n</match>"});
  ASSERT_TRUE(wait_running(*p)) << p->output();
  EXPECT_TRUE(wait_until([&] { return count_matches(p->stdout_text(), kEventLine) >= 2; }))
      << p->output();
}

TEST_F(RunTest, TermFlushesFileOutputBeforeExit) {
  auto conf =
      write_config("f.conf",
                   "<source>\n  @type sample\n  tag test.file\n  rate 50\n  sample {\"n\":1}\n"
                   "</source>\n<match test.**>\n  @type file\n  path " +
                       dir_.file("out") +
                       "\n  append true\n  <buffer>\n    flush_mode immediate\n  </buffer>\n"
                       "</match>\n");
  auto p = start({"-c", conf});
  ASSERT_TRUE(wait_running(*p)) << p->output();
  std::string out_file;
  // out_file names the file itself (out.<date>.log); take whatever it made.
  ASSERT_TRUE(wait_until([&] {
    for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
      std::string name = entry.path().filename().string();
      if (name.rfind("out", 0) == 0 && !read_file(entry.path().string()).empty())
        out_file = entry.path().string();
    }
    return !out_file.empty();
  })) << p->output();
  p->signal(SIGTERM);
  auto code = p->wait(std::chrono::seconds(20));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0) << p->output();
  std::string text = read_file(out_file);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n') << "the last record must be complete";
}

TEST_F(RunTest, DefaultConfigRunsWithoutOutsideServers) {
  auto p = start({"-c", source_dir() + "/conf/ferry.conf"});
  ASSERT_TRUE(wait_running(*p)) << p->output();
  EXPECT_TRUE(wait_until(
      [&] {
        return count_matches(
                   p->stdout_text(),
                   R"(ferry\.sample\.metrics: \{"metric":"cpu\.load","value":0\.42,"unit":"ratio","hostname":"[^"]+"\})") >=
               1;
      },
      std::chrono::seconds(15)))
      << p->output();
  p->signal(SIGTERM);
  EXPECT_EQ(p->wait(std::chrono::seconds(20)).value_or(-1), 0);
}

TEST_F(RunTest, CopyStoresRelabelIntoTheirLabels) {
  auto conf = write_config(
      "copy.conf",
      "<source>\n  @type sample\n  tag both.x\n  rate 20\n  sample {\"n\":3}\n</source>\n"
      "<match both.**>\n  @type copy\n"
      "  <store>\n    @type relabel\n    @label @FIRST\n  </store>\n"
      "  <store>\n    @type relabel\n    @label @SECOND\n  </store>\n</match>\n"
      "<label @FIRST>\n  <filter **>\n    @type record_transformer\n"
      "    <record>\n      via first\n    </record>\n  </filter>\n"
      "  <match **>\n    @type stdout\n  </match>\n</label>\n"
      "<label @SECOND>\n  <match **>\n    @type stdout\n  </match>\n</label>\n");
  auto p = start({"-c", conf});
  ASSERT_TRUE(wait_running(*p)) << p->output();
  EXPECT_TRUE(wait_until([&] {
    std::string out = p->stdout_text();
    return count_matches(out, R"(both\.x: \{"n":3,"via":"first"\}\n)") >= 2 &&
           count_matches(out, R"(both\.x: \{"n":3\}\n)") >= 2;
  })) << p->output();
  EXPECT_EQ(p->stdout_text().find("[warn]"), std::string::npos) << p->output();
  p->signal(SIGTERM);
  EXPECT_EQ(p->wait(std::chrono::seconds(20)).value_or(-1), 0);
}

TEST_F(RunTest, SystemLogSettingsAndQuietFlag) {
  const std::string pipeline = sample_to_stdout("test.sample", R"({"n":1})");
  // <log> format json: one JSON object per log line, worker lines with
  // worker_id; events stay in out_stdout's format.
  auto json_conf = write_config(
      "json.conf", "<system>\n  <log>\n    format json\n  </log>\n</system>\n" + pipeline);
  auto p = start({"-c", json_conf});
  ASSERT_TRUE(wait_running(*p)) << p->output();
  ASSERT_TRUE(wait_until([&] { return count_matches(p->stdout_text(), kEventLine) >= 1; }));
  EXPECT_TRUE(std::regex_search(
      p->stdout_text(),
      std::regex(
          R"(\n\{"time":"[^"]+","level":"info","message":"ferry worker is now running worker=0","worker_id":0\}\n)")))
      << p->stdout_text();
  p->signal(SIGTERM);
  EXPECT_EQ(p->wait(std::chrono::seconds(20)).value_or(-1), 0);

  // <system> log_level warn hides info lines; -v on the command line wins.
  auto warn_conf = write_config("warn.conf", "<system>\n  log_level warn\n</system>\n" + pipeline);
  auto quiet = start({"-c", warn_conf});
  ASSERT_TRUE(wait_until([&] { return count_matches(quiet->stdout_text(), kEventLine) >= 1; }))
      << quiet->output();
  EXPECT_EQ(quiet->stdout_text().find("[info]"), std::string::npos) << quiet->stdout_text();
  quiet->signal(SIGTERM);
  EXPECT_EQ(quiet->wait(std::chrono::seconds(20)).value_or(-1), 0);
  auto verbose = start({"-c", warn_conf, "-v"});
  EXPECT_TRUE(wait_running(*verbose)) << verbose->output();
  verbose->signal(SIGTERM);
  EXPECT_EQ(verbose->wait(std::chrono::seconds(20)).value_or(-1), 0);
}

TEST_F(RunTest, ConfigErrorsStopStartupWithExitOne) {
  auto conf = write_config("bad.conf", "<match **>\n  @type no_such_output\n</match>\n");
  auto r = run({"-c", conf});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("bad.conf:2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Unknown output plugin 'no_such_output'"), std::string::npos) << r.out;
}

TEST_F(RunTest, WorkerSectionsAreRefusedWithTheirLocation) {
  auto conf =
      write_config("w.conf", "<worker 0>\n  <match **>\n    @type stdout\n  </match>\n</worker>\n");
  auto r = run({"--dry-run", "-c", conf});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("w.conf:1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("not supported yet"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace ferry::test
