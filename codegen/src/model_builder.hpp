// Stage 2 of 3: reads a loaded spec into a Model. Every problem found is a SpecError at the
// JSON pointer of the offending value.
#pragma once

#include "model.hpp"
#include "spec.hpp"

namespace zoom::codegen {

/// The model of `spec`. Throws SpecError on anything it cannot represent faithfully:
/// a missing required field, a `$ref` to nothing, an unsupported construct.
Model build_model(const Spec& spec);

}  // namespace zoom::codegen
