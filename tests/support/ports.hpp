#pragma once

namespace ferry::test {

// A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0 and
// read back what the kernel chose).
int free_tcp_port();

}  // namespace ferry::test
