#include "app/privileges.hpp"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace ferry::app {
namespace {

bool all_digits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

bool drop_privileges(const std::string& user, const std::string& group, std::string& error) {
  if (!group.empty()) {
    gid_t gid;
    if (all_digits(group)) {
      gid = gid_t(std::strtoul(group.c_str(), nullptr, 10));
    } else {
      struct group* g = ::getgrnam(group.c_str());
      if (!g) {
        error = "--group " + group + ": no such group";
        return false;
      }
      gid = g->gr_gid;
    }
    if (::setgid(gid) != 0) {
      error = "--group " + group + ": " + std::strerror(errno);
      return false;
    }
  }
  if (!user.empty()) {
    struct passwd* pw = all_digits(user)
                            ? ::getpwuid(uid_t(std::strtoul(user.c_str(), nullptr, 10)))
                            : ::getpwnam(user.c_str());
    if (!pw) {
      error = "--user " + user + ": no such user";
      return false;
    }
    gid_t primary = group.empty() ? pw->pw_gid : ::getgid();
    if (group.empty() && ::setgid(primary) != 0) {
      error = "--user " + user + ": cannot switch group: " + std::strerror(errno);
      return false;
    }
    if (::initgroups(pw->pw_name, primary) != 0 || ::setuid(pw->pw_uid) != 0) {
      error = "--user " + user + ": " + std::strerror(errno);
      return false;
    }
  }
  return true;
}

}  // namespace ferry::app
