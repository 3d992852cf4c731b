#pragma once
#include <string>

namespace ferry::app {

// --user/--group (Fluentd's chuser/chgroup): switch to the group, then the
// user (with its supplementary groups). Either may be a name or a number;
// empty leaves it as it is. Returns false with `error` set.
bool drop_privileges(const std::string& user, const std::string& group, std::string& error);

}  // namespace ferry::app
