#pragma once
#include <map>
// The buffering half of building an output (FERRY_CAP_BUFFERED): its
// <buffer> options before create(), the <secondary> rules, and the Buffer +
// BufferedOutput that replace the plain output stage.
#include <memory>
#include <string>

#include "config/config_tree.hpp"
#include "config/diagnostics.hpp"
#include "host/buffered_output.hpp"
#include "host/instance.hpp"

namespace ferry::app {

// Reads the buffer configuration of a FERRY_CAP_BUFFERED output (the
// plugin's buffer_defaults and buffer_mode, the <buffer> section, legacy
// flat names) and, when the output is buffered, sets it on the instance
// (before create(): placeholders are checked against its chunk keys).
// Fluentd's configure warnings and infos are logged. False when the
// configuration is invalid (reported to diag): also when the file buffer's
// path is already used by another output of the same configuration
// (`taken_paths`, buf_file.rb's rule) or when <inject>'s hostname_key is a
// chunk key (inject.rb's rule).
bool configure_buffering(const config::Element& el, const ferry_config* cfg,
                         host::Instance& instance, const std::string& root_dir,
                         std::map<std::string, std::string>& taken_paths,
                         config::Diagnostics& diag);

// Fluentd's <secondary> rules for the output `el` (one at most, no nested
// <buffer> or <secondary>, only for buffered outputs). Returns the
// <secondary> element to build, or nullptr (none, or an error reported).
const config::Element* secondary_element(const config::Element& el, const host::Instance& primary,
                                         config::Diagnostics& diag);

// Outputs that work only as a <secondary> (Fluentd's secondary_file checks
// @as_secondary in its configure). Known by type name: the plugin ABI has
// no way to tell a plugin whether it is a secondary.
bool secondary_only(const ferry_plugin_info& info);

// The backup dir of an output: <root_dir or /tmp/ferry>/backup/worker0/
// <@id, else @type>/ with Fluentd's unsafe characters replaced by '_'.
std::string backup_dir_for(const host::Instance& instance, const std::string& root_dir);

// The Buffer and the BufferedOutput of a configured buffered output.
// nullptr when the buffer cannot be set up (reported to diag at `el`).
std::unique_ptr<host::BufferedOutput> make_buffered_output(
    const config::Element& el, host::Instance& instance, host::Instance* secondary,
    host::DeadLetterRoute dead_letters, const std::string& root_dir, config::Diagnostics& diag);

}  // namespace ferry::app
