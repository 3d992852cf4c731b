#include "app/app_main.hpp"

int main(int argc, char** argv) {
  return ferry::app::app_main(argc, argv);
}
