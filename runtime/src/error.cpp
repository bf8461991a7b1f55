#include <zoom/error.hpp>

namespace zoom {

DecodeError::DecodeError(std::string path, const std::string& problem)
    : Error((path.empty() ? std::string{"(document)"} : path) + ": " + problem), path_(std::move(path)) {}

ApiError::ApiError(Details details, const std::string& what) : Error(what), details_(std::move(details)) {}

}  // namespace zoom
