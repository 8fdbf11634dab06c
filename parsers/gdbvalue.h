// SPDX-License-Identifier: GPL-2.0-or-later
// Flattens a value as gdb prints it ("{__data = {__lock = 2, __owner = 42}, __align = 2}", Rust's
// "Mutex<T> {inner: ..., data: ...}", either on one line or pretty-printed over many) into dotted
// field paths ("__data.__owner" = "42"). Arrays of scalars stay one field, arrays of structs get
// "[i]" components. Brackets missing at the end of a cut dump close implicitly, so a partial
// value still yields the fields it holds; nesting beyond a limit is kept as raw text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hvdump::parsers {

class GdbValueSink
{
public:
    virtual ~GdbValueSink() = default;
    /// One leaf: path ("" for a scalar at the top), the value as printed (a view into the input
    /// text, which may hold newlines when it spans lines), and where its item starts.
    virtual void field(std::string_view path, std::string_view value, const char* where) = 0;
};

class GdbValueFlattener
{
public:
    explicit GdbValueFlattener(GdbValueSink& sink)
        : m_sink(sink)
    {
    }

    /// Flattens value (text after "$1 = ") with prefix as the path of the value itself.
    void flatten(std::string_view value, std::string_view prefix = {});

    /// Splits "name = value" (C) or "name: value" (Rust); false when text is no assignment.
    static bool splitAssignment(std::string_view text, std::string_view& name, std::string_view& value);
    /// Braces still open after text, starting from depth (strings and char literals skipped).
    static int braceDepth(std::string_view text, int depth = 0);
    /// The type a value states before its braces or pointer: "(QemuMutex *) 0x55.." gives
    /// "QemuMutex *", Rust "std::sync::Mutex<u32> {..}" gives "std::sync::Mutex<u32>".
    static std::string_view statedType(std::string_view value);

private:
    void value(std::string_view text, int depth);
    void items(std::string_view inner, std::string_view whole, int depth);
    void push(std::string_view component);

    GdbValueSink& m_sink;
    std::string m_path;
};

} // namespace hvdump::parsers
