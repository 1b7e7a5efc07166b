#pragma once

#include <utility>
#include <variant>

namespace lgm {

// A value or the error that prevented it (std::expected arrives only with C++23).
template <typename T, typename E> class Expected {
public:
    Expected(T value) : m_data(std::in_place_index<0>, std::move(value)) {}
    Expected(E error) : m_data(std::in_place_index<1>, std::move(error)) {}
    // A value built in place from the arguments (none: its default), to be filled without a copy.
    template <typename... Args>
    explicit Expected(std::in_place_t, Args&&... args)
        : m_data(std::in_place_index<0>, std::forward<Args>(args)...) {}

    bool hasValue() const { return m_data.index() == 0; }
    explicit operator bool() const { return hasValue(); }

    const T& value() const& { return std::get<0>(m_data); }
    T& value() & { return std::get<0>(m_data); }
    T&& value() && { return std::get<0>(std::move(m_data)); }
    const T& operator*() const& { return value(); }
    const T* operator->() const { return &value(); }

    const E& error() const { return std::get<1>(m_data); }

private:
    std::variant<T, E> m_data;
};

} // namespace lgm
