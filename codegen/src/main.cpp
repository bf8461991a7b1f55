// zoom-codegen: an OpenAPI 3.0 spec in, a C++ API for the zoom runtime out.
#include "generate.hpp"

#include <iostream>

int main(int argc, char** argv) {
  return zoom::codegen::run(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
}
