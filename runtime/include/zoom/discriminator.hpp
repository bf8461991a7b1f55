// zoom::Discriminator: how a std::variant of models (an OpenAPI oneOf with a `discriminator`)
// picks its alternative when decoded. The generator writes one into the variant's table
// (zoom::json::variant_type, zoom/json/tables.hpp); zoom::json reads the object's property and
// decodes the alternative whose index the value names.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <utility>

namespace zoom {

/// The property of the object that names its alternative, and for each value the index of the
/// alternative in the variant (static storage).
struct Discriminator {
  std::string_view property;  ///< The object's string property that names the alternative.
  /// Each value the property may have, with the index of the alternative it names.
  std::span<const std::pair<std::string_view, std::size_t>> values;
};

}  // namespace zoom
