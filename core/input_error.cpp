#include "input_error.h"

namespace lgm {

namespace {

std::string nameOf(Field field, NameStyle style) {
    const FieldRange& r = rangeOf(field);
    if (style == NameStyle::Option) {
        return "--" + std::string(r.option);
    }
    return std::string(r.symbol);
}

std::string rangeText(Field field) {
    const FieldRange& r = rangeOf(field);
    return "a whole number from " + std::to_string(r.min) + " to " + std::to_string(r.max);
}

} // namespace

std::string describe(const InputError& error, NameStyle style) {
    const std::string name = nameOf(error.field, style);
    switch (error.kind) {
    case ErrorKind::OutOfRange:
        return name + " must be " + rangeText(error.field);
    case ErrorKind::NotDivisible:
        return nameOf(Field::Gpus, style) + " must be a multiple of " +
               nameOf(Field::GpusPerNode, style) + " for fsdp-hybrid (and at least as large)";
    case ErrorKind::Unrepresentable: {
        std::string text = "the " + error.quantity +
                           " of this configuration exceed 2^63 bytes and cannot be represented; "
                           "lower " +
                           name + " (" + rangeText(error.field) + ")";
        for (Field f : error.related) {
            text += ", " + nameOf(f, style);
        }
        return text;
    }
    }
    return name;
}

} // namespace lgm
