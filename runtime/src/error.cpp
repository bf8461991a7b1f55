#include <zoom/error.hpp>

namespace zoom {

DecodeError::DecodeError(std::string path, const std::string& problem)
    : Error((path.empty() ? std::string{"(document)"} : path) + ": " + problem), path_(std::move(path)) {}

}  // namespace zoom
